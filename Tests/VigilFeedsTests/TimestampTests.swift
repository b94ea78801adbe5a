import Testing
import VigilFeeds

/// The one timestamp form Vigil stores, from the forms documents write.
@Suite struct TimestampTests {
    @Test func normalisedTimes() {
        #expect(Timestamp.normalised("2025-07-28T17:09:21.841580+00:00") == "2025-07-28T17:09:21.841Z")
        #expect(Timestamp.normalised("2022-03-03T00:00:00Z") == "2022-03-03T00:00:00.000Z")
        #expect(Timestamp.normalised("2022-03-03T01:00:00+01:00") == "2022-03-03T00:00:00.000Z")
        #expect(Timestamp.normalised("2022-03-03") == "2022-03-03T00:00:00.000Z")
        for junk in ["", "z", "9999", "yesterday", "2022-13-45T00:00:00Z"] {
            #expect(Timestamp.normalised(junk) == nil, "\(junk)")
        }
    }
}
