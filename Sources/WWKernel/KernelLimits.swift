/// The kernel's limits, each with its reason.
public enum KernelLimits {
    /// Jupyter's messaging protocol version this kernel speaks (kernel_info's `protocol_version`
    /// and every header's `version`).
    public static let protocolVersion = "5.3"
    /// How long a closed socket may keep sending what is queued: replies to a shutdown request
    /// get out, and a client that went away cannot hold the process (ms).
    static let lingerMilliseconds: Int32 = 1_000
    /// How often the shell loop wakes while idle to notice a shutdown from the control thread
    /// and clear an interrupt that arrived with nothing running (ms).
    static let idlePollMilliseconds = 100
    /// Printed text is gathered into one stream message until this many bytes are waiting...
    static let streamFlushBytes = 16 * 1024
    /// ... or this much time has passed since the last one (s): a loop printing a line per
    /// iteration sends a few messages a second, not thousands, and progress still shows.
    static let streamFlushInterval = 0.2
    /// Largest frame accepted from a client: execute requests carry code, not data, so a
    /// bigger frame is a mistake or an attack, and is refused before it is parsed.
    static let maxFrameBytes = 64 * 1024 * 1024
    /// Most frames in one message: identities, delimiter, signature, four JSON parts and a few
    /// buffers; more is not a Jupyter message.
    static let maxFramesPerMessage = 64
}
