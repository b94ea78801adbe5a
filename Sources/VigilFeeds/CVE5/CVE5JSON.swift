/// The CVE JSON 5.x record shapes (https://github.com/CVEProject/cve-schema, `CVE_RECORD` 5.0–5.2). Only what the
/// model carries is declared; other members are ignored.
enum CVE5JSON {
    struct Record: Decodable {
        var dataType: String?
        var dataVersion: String?
        var cveMetadata: Metadata
        var containers: Containers
    }

    struct Metadata: Decodable {
        var cveId: String
        var assignerOrgId: String?
        var assignerShortName: String?
        var state: String
        var datePublished: String?
        var dateUpdated: String?
        var dateRejected: String?
    }

    struct Containers: Decodable {
        var cna: Container?
        var adp: [Container]?
    }

    /// A CNA or ADP container: the two share these members.
    struct Container: Decodable {
        var providerMetadata: ProviderMetadata?
        var title: String?
        var descriptions: [LangString]?
        var rejectedReasons: [LangString]?
        var affected: [Affected]?
        var metrics: [Metric]?
        var problemTypes: [ProblemType]?
        var references: [Reference]?
        var cpeApplicability: [NVDJSON.Configuration]?
        var datePublic: String?
    }

    struct ProviderMetadata: Decodable {
        var orgId: String?
        var shortName: String?
        var dateUpdated: String?
    }

    struct LangString: Decodable {
        var lang: String
        var value: String
    }

    struct Affected: Decodable {
        var vendor: String?
        var product: String?
        var packageName: String?
        var collectionURL: String?
        var repo: String?
        var cpes: [String]?
        var defaultStatus: String?
        var versions: [Version]?
        var programFiles: [String]?
        var platforms: [String]?
    }

    struct Version: Decodable {
        var version: String
        var status: String
        var versionType: String?
        var lessThan: String?
        var lessThanOrEqual: String?
    }

    /// A `metrics[]` item: one CVSS version, or an `other` statement (CISA's SSVC and KEV).
    struct Metric: Decodable {
        var cvss: [CVSS] = []
        var other: Other?

        private enum Keys: String, CodingKey, CaseIterable {
            case cvssV4_0, cvssV3_1, cvssV3_0, cvssV2_0, other
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            for key in [Keys.cvssV4_0, .cvssV3_1, .cvssV3_0, .cvssV2_0] {
                if let value = try container.decodeIfPresent(CVSS.self, forKey: key) { cvss.append(value) }
            }
            // `other` content is free-form: what does not match the SSVC or KEV shape is ignored, not fatal.
            other = try? container.decodeIfPresent(Other.self, forKey: .other)
        }
    }

    struct CVSS: Decodable {
        var version: String
        var vectorString: String
        var baseScore: Double?
        var baseSeverity: String?
    }

    struct Other: Decodable {
        var type: String
        var content: Content?

        struct Content: Decodable {
            // KEV
            var dateAdded: String?
            var reference: String?
            // SSVC
            var options: [[String: String]]?
            var version: String?
            var timestamp: String?
        }
    }

    struct ProblemType: Decodable {
        var descriptions: [ProblemDescription]
    }

    struct ProblemDescription: Decodable {
        var lang: String?
        var description: String?
        var cweId: String?
    }

    struct Reference: Decodable {
        var url: String
        var name: String?
        var tags: [String]?
    }

    /// The id alone, read from a record that did not decode.
    struct Probe: RecordIDProbe {
        struct Metadata: Decodable { var cveId: String? }
        var cveMetadata: Metadata?
        var recordID: String? { cveMetadata?.cveId }
    }
}
