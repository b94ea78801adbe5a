import Testing
import VigilCore

@Suite struct VersionOrderingTests {
    @Test(arguments: [(1, 2, VersionOrdering.less), (2, 2, .equal), (3, 2, .greater)])
    func comparesAnyComparableValues(lhs: Int, rhs: Int, expected: VersionOrdering) {
        #expect(VersionOrdering(lhs, rhs) == expected)
        #expect(VersionOrdering(rhs, lhs) == expected.reversed)
    }

    @Test func printsTheSymbolsOfVersionCompare() {
        #expect(VersionOrdering.allCases.map(\.symbol) == ["<", "=", ">"])
    }

    @Test(arguments: [(-5, VersionOrdering.less), (0, .equal), (7, .greater)])
    func mapsThreeWayIntegers(sign: Int, expected: VersionOrdering) {
        #expect(VersionOrdering(sign: sign) == expected)
    }
}
