// Tests of WWModelFormats arrive with the module.
import XCTest
