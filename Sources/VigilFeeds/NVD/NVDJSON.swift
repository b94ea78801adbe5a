/// The NVD CVE API 2.0 response shapes (https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema): year feeds
/// and API pages are the same document. Only what the model carries is declared; other members are ignored.
enum NVDJSON {
    struct Response: Decodable {
        var format: String?
        var version: String?
        var timestamp: String?
        var vulnerabilities: [Entry]
    }

    /// One `vulnerabilities[]` item, decoded on its own so that one bad record is skipped, not fatal.
    struct Entry: Decodable {
        var result: Result<CVE, any Error>
        var id: String?

        private enum Keys: String, CodingKey { case cve }
        private struct IDOnly: Decodable { var id: String? }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            do {
                let cve = try container.decode(CVE.self, forKey: .cve)
                id = cve.id
                result = .success(cve)
            } catch {
                id = (try? container.decode(IDOnly.self, forKey: .cve))?.id
                result = .failure(error)
            }
        }
    }

    struct CVE: Decodable {
        var id: String
        var sourceIdentifier: String?
        var published: String?
        var lastModified: String?
        var vulnStatus: String?
        var descriptions: [LangString]?
        var metrics: Metrics?
        var weaknesses: [Weakness]?
        var configurations: [Configuration]?
        var references: [Reference]?
    }

    struct LangString: Decodable {
        var lang: String
        var value: String
    }

    struct Metrics: Decodable {
        var cvssMetricV40: [Metric]?
        var cvssMetricV31: [Metric]?
        var cvssMetricV30: [Metric]?
        var cvssMetricV2: [Metric]?
    }

    struct Metric: Decodable {
        var source: String?
        var type: String?
        var cvssData: CVSSData
        /// CVSS v2 keeps the severity beside `cvssData`; v3 and v4 inside it.
        var baseSeverity: String?
    }

    struct CVSSData: Decodable {
        var version: String
        var vectorString: String
        var baseScore: Double?
        var baseSeverity: String?
    }

    struct Weakness: Decodable {
        var source: String?
        var type: String?
        var description: [LangString]
    }

    struct Configuration: Decodable {
        var `operator`: String?
        var negate: Bool?
        var nodes: [Node]
    }

    struct Node: Decodable {
        var `operator`: String?
        var negate: Bool?
        var cpeMatch: [CPEMatch]
    }

    struct CPEMatch: Decodable {
        var vulnerable: Bool
        var criteria: String
        var matchCriteriaId: String?
        var versionStartIncluding: String?
        var versionStartExcluding: String?
        var versionEndIncluding: String?
        var versionEndExcluding: String?
    }

    struct Reference: Decodable {
        var url: String
        var source: String?
        var tags: [String]?
    }
}
