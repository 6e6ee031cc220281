// Tests of WWStatistics arrive with the module.
import XCTest
