import CSignals
import Foundation
import WWBase
import WWInterpreter

/// `wwn kernel -f CONNECTION_FILE`: a Jupyter kernel (messaging protocol 5.3) over ZeroMQ.
///
/// Threads: the shell loop runs requests one at a time on the interpreter's large-stack
/// thread; the control thread answers interrupt, shutdown and kernel_info even while code
/// runs; the heartbeat thread echoes pings. An interrupt (SIGINT from the client, or an
/// interrupt_request, which raises SIGINT) sets the flag the interpreter polls, as in the REPL,
/// so the session's variables survive it.
public enum JupyterKernel {
    /// Runs until a shutdown request; returns the exit status: 0, or the `KernelError`'s when
    /// the connection file or the sockets fail (the reason on standard error).
    public static func run(connectionFile: String, registry: Registry, version: String) -> Int32 {
        let channels: KernelChannels
        do {
            channels = try KernelChannels(try ConnectionInfo.load(path: connectionFile))
        } catch {
            StandardStreams.error("wwn kernel: \(error)\n")
            return (error as? KernelError)?.exitCode ?? ExitCode.ioError
        }
        wwn_install_interrupt_handler()
        let shutdown = ShutdownFlag()
        let dispatcher = KernelDispatcher(registry: registry, version: version, shutdown: shutdown)
        let heartbeat = Thread { echoHeartbeats(channels.heartbeat) }
        heartbeat.start()
        let controlDone = DispatchSemaphore(value: 0)
        let control = Thread {
            serveControl(channels, dispatcher: dispatcher, shutdown: shutdown)
            controlDone.signal()
        }
        control.start()
        runWithLargeStack { serveShell(channels, dispatcher: dispatcher, shutdown: shutdown) }
        // The control thread sees the shutdown at its next wake; its socket must not be in use
        // when the sockets close.
        controlDone.wait()
        channels.close()
        wwn_restore_interrupt_handler()
        return ExitCode.success
    }

    private static func serveShell(_ channels: KernelChannels, dispatcher: KernelDispatcher, shutdown: ShutdownFlag) {
        let transport = KernelDispatcher.Transport(reply: { channels.send($0, on: channels.shell) },
                                                   publish: { channels.iopub.publish($0) }, takeWaiting: { waitingRequests(channels) })
        let parent = getppid()
        transport.publish(dispatcher.status("starting", parent: nil))
        // The interpreter (and the standard library it loads) is made before the first request.
        _ = dispatcher.session
        transport.publish(dispatcher.status("idle", parent: nil))
        while !shutdown.isRequested {
            let ready: Bool
            do {
                ready = try channels.shell.waitForInput(milliseconds: KernelLimits.idlePollMilliseconds)
            } catch {
                KernelLog.write("the shell channel failed: \(error)")
                shutdown.request()
                break
            }
            guard ready else {
                // Nothing runs: an interrupt now was meant for nothing.
                wwn_clear_interrupt()
                if getppid() != parent {
                    // The client that started the kernel ended without shutting it down (it
                    // crashed or was killed): an orphan kernel would run forever.
                    KernelLog.write("the process that started the kernel is gone; shutting down")
                    shutdown.request()
                }
                continue
            }
            guard let message = try? channels.receive(from: channels.shell) else { continue }
            dispatcher.handleShell(message, transport: transport)
        }
    }

    /// The shell requests already waiting, taken without blocking.
    private static func waitingRequests(_ channels: KernelChannels) -> [KernelMessage] {
        var requests: [KernelMessage] = []
        while (try? channels.shell.waitForInput(milliseconds: 0)) == true {
            if let request = try? channels.receive(from: channels.shell) { requests.append(request) }
        }
        return requests
    }

    private static func serveControl(_ channels: KernelChannels, dispatcher: KernelDispatcher, shutdown: ShutdownFlag) {
        let transport = KernelDispatcher.Transport(reply: { channels.send($0, on: channels.control) },
                                                   publish: { channels.iopub.publish($0) })
        while !shutdown.isRequested {
            guard (try? channels.control.waitForInput(milliseconds: KernelLimits.idlePollMilliseconds)) == true,
                  let request = try? channels.receive(from: channels.control) else { continue }
            dispatcher.handleControl(request, transport: transport)
            if request.type == "shutdown_request" {
                // A cell still running is stopped so the shell loop can see the request.
                kill(getpid(), SIGINT)
            }
        }
    }

    /// Sends every ping back unchanged until the context ends.
    private static func echoHeartbeats(_ socket: ZeroMQSocket) {
        while true {
            do {
                // A REP socket must answer before it can receive again: an oversized ping
                // (dropped by `receive`) still gets an empty answer.
                try socket.send(try socket.receive() ?? [Data()])
            } catch {
                break
            }
        }
        socket.close()
    }
}
