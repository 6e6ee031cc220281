// Tests of WWNeural arrive with the module.
import XCTest
