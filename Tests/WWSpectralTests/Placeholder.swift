// Tests of WWSpectral arrive with the module.
import XCTest
