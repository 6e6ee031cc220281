// Tests of WWPlot arrive with the module.
import XCTest
