import Testing
import VigilCore
import VigilTesting

@Suite struct VersionVectorsTests {
    @Test func parsesLinesSkippingBlanksAndComments() throws {
        let text = """
            // a comment
            # another
            1.0 < 1.1

            2.0 = 2.0.0
            3 > 2
            """
        let vectors = try VersionVectors.parse(text, name: "sample.txt")
        #expect(vectors.map(\.expected) == [.less, .equal, .greater])
        #expect(vectors.map(\.lhs) == ["1.0", "2.0", "3"])
        #expect(vectors[1].location == "sample.txt:5")
    }

    @Test(arguments: ["1.0 <", "1.0 ~ 2.0", "1.0 < 2.0 < 3.0", "lonely"])
    func rejectsLinesThatAreNotVectors(line: String) {
        #expect(throws: VectorFormatError.self) { try VersionVectors.parse(line, name: "bad.txt") }
    }

    @Test func findsTheSharedDataWhenItIsRequired() {
        if SharedData.isRequired {
            #expect(SharedData.isAvailable, "VIGIL_REQUIRE_SHARED_DATA=1 but ../shared/data was not found")
        }
    }

    @Test func findsTheSharedDataOrSaysWhy() {
        if SharedData.isAvailable {
            #expect(SharedData.url("PROVENANCE.md") != nil)
        }
        #expect(SharedData.url("no/such/file") == nil)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func loadsThePurlSpecificationVectors() {
        let vectors = PackageURLVectors.all()
        #expect(vectors.count > 50)
        #expect(vectors.contains { $0.expectsFailure })
    }

    @Test func checksOrderingLawsOfAConsistentScheme() throws {
        try checkOrderingLaws(SemVerScheme(), sortedClasses: [["1.0.0-rc.1"], ["1.0.0", "v1.0.0"], ["1.0.1"]])
        checkOrderingLaws(1, 2, 3)
        checkOrderingLaws(3, 3, 3)
    }
}
