import CSignals
import Foundation
import WWNumerics

// Get OpenBLAS's fast kernels before anything touches BLAS (platform notes: the variable must be
// in the environment when the process starts, so this may re-execute the binary once).
BLASEnvironment.reexecWithRecommendedCoreTypeIfNeeded()

let status = CommandLineTool(arguments: Array(CommandLine.arguments.dropFirst())).run()
exit(status)
