import CSignals
import Foundation
import WWBase
import WWNumerics

// A closed standard output or error (`>&-`) is opened on /dev/null read-only, so writes to it fail
// (exit 74) instead of going into the first file the program opens, which would take its number.
StandardStreams.reopenClosedDescriptors()

// Get OpenBLAS's fast kernels before anything touches BLAS (platform notes: the variable must be
// in the environment when the process starts, so this may re-execute the binary once).
// `wwn check` compares outputs with #=> lines recorded on some other machine, so it takes the
// kernels that give the same bits on every CPU with AVX2 (Haswell), AVX-512 ones included.
BLASEnvironment.reexecWithRecommendedCoreTypeIfNeeded(reproducible: CommandLine.arguments.dropFirst().first == "check")

// Temporary files of atomic writes are removed if the process is ended by SIGTERM, SIGHUP or
// three unanswered Ctrl-Cs (see TemporaryFiles for why this happens in the handlers).
TemporaryFiles.installTerminationCleanup()
wwn_set_force_quit_hook { TemporaryFiles.removeAllForTermination() }

let status = CommandLineTool(arguments: Array(CommandLine.arguments.dropFirst())).run()
exit(status)
