import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilMatch
import VigilSBOM
import VigilStore

/// `vigil release`: a product's firmware releases and their SBOMs.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Add, list, update and compare a product's releases.",
        discussion: """
            A release is a firmware version of a product with its SBOM of record (kept byte for byte, with its \
            SHA-256), a support status (supported, security-only, unsupported), an optional end-of-support date and \
            the number of devices in the field. Supported releases before their end of support are monitored.

            Exit status: 0; 2 the SBOM cannot be read or the release cannot be added, updated or found; 3 (diff) \
            no database to scan with; 64 usage error.
            """,
        subcommands: [ReleaseAddCommand.self, ReleaseListCommand.self, ReleaseSetCommand.self, ReleaseDiffCommand.self])
}

struct ReleaseAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a release with its SBOM.")

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The product.") var product: String
    @Argument(help: "The firmware version.") var version: String
    @Option(help: "The release's SBOM (CycloneDX, SPDX 2 or 3, a Yocto SPDX archive).") var sbom: String
    @Option(help: "supported, security-only or unsupported.", transform: supportStatus) var support: SupportStatus =
        .supported
    @Option(help: ArgumentHelp("The last day of support.", valueName: "YYYY-MM-DD")) var endOfSupport: String?
    @Option(help: ArgumentHelp("How many devices run it in the field.", valueName: "N")) var devices: Int?

    func run() async throws {
        let bytes: [UInt8]
        let format: String
        do {
            bytes = try Files.read(sbom, limit: SBOMDecodingLimits().maximumBytes)
            guard let decoder = SBOMDecoderRegistry.builtIn.decoder(for: bytes.prefix(65_536)) else {
                throw Files.Failure(description: "\(sbom): not an SBOM in a format Vigil reads")
            }
            // Decoded now, so a release never holds an SBOM that cannot be scanned.
            _ = try SBOMDecoderRegistry.builtIn.decode(bytes, source: sbom, limits: SBOMDecodingLimits())
            format = decoder.formatID.rawValue
        } catch {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        if let devices, devices < 0 {
            Console.error("--devices cannot be negative")
            throw ExitStatus.invalidInput
        }
        let store = try await database.open(writing: true)
        do {
            try await store.add(
                Release(
                    product: product, version: version, sbom: bytes, sbomFormat: format, support: support,
                    endOfSupport: endOfSupport, fieldedDevices: devices, createdAt: Timestamp.string()))
        } catch let error as PortfolioError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        print("added \(product) \(version) (\(format), \(bytes.count) bytes)")
    }
}

/// `--support supported|security-only|unsupported`.
func supportStatus(_ text: String) throws -> SupportStatus {
    guard let status = SupportStatus(rawValue: text) else {
        throw ValidationError("'\(text)' is not a support status: supported, security-only, unsupported")
    }
    return status
}

struct ReleaseSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change a release's support status, end of support or fielded devices.")

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The product.") var product: String
    @Argument(help: "The firmware version.") var version: String
    @Option(help: "supported, security-only or unsupported.", transform: supportStatus) var support: SupportStatus?
    @Option(help: ArgumentHelp("The last day of support.", valueName: "YYYY-MM-DD")) var endOfSupport: String?
    @Option(help: ArgumentHelp("How many devices run it in the field.", valueName: "N")) var devices: Int?

    func validate() throws {
        guard support != nil || endOfSupport != nil || devices != nil else {
            throw ValidationError("give --support, --end-of-support or --devices")
        }
    }

    func run() async throws {
        let store = try await database.open(writing: true)
        do {
            try await store.updateRelease(
                of: product, version: version, support: support, endOfSupport: endOfSupport, fieldedDevices: devices)
        } catch let error as PortfolioError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        print("updated \(product) \(version)")
    }
}

struct ReleaseListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a product's releases.")

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The product.") var product: String
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    /// A release without its SBOM's bytes.
    struct Row: Encodable {
        var version: String
        var support: SupportStatus
        var endOfSupport: String?
        var fieldedDevices: Int?
        var monitored: Bool
        var sbomFormat: String
        var sbomSHA256: String
        var createdAt: String

        init(_ release: Release) {
            version = release.version
            support = release.support
            endOfSupport = release.endOfSupport
            fieldedDevices = release.fieldedDevices
            monitored = release.isMonitored(on: String(Timestamp.string().prefix(10)))
            sbomFormat = release.sbomFormat
            sbomSHA256 = release.sbomSHA256
            createdAt = release.createdAt
        }
    }

    func run() async throws {
        let store = try await database.open()
        guard try await store.product(named: product) != nil else {
            Console.error("no product '\(product)': 'vigil product list' shows the products")
            throw ExitStatus.invalidInput
        }
        let releases = try await store.releases(of: product)
        if format == .json {
            print(
                try JSONOutput.encode([
                    "schema": AnyEncodable("vigil.releases/1"), "product": AnyEncodable(product),
                    "releases": AnyEncodable(releases.map(Row.init)),
                ]))
        } else {
            print(Self.table(releases))
        }
    }

    static func table(_ releases: [Release]) -> String {
        guard !releases.isEmpty else {
            return "No releases: add one with 'vigil release add PRODUCT VERSION --sbom FILE'."
        }
        return TextTable.render(
            [["VERSION", "SUPPORT", "END OF SUPPORT", "DEVICES", "MONITORED", "SBOM"]]
                + releases.map(Row.init).map {
                    [
                        $0.version, $0.support.rawValue, $0.endOfSupport ?? "-",
                        $0.fieldedDevices.map(String.init) ?? "-",
                        $0.monitored ? "yes" : "no", "\($0.sbomFormat) \($0.sbomSHA256.prefix(12))",
                    ]
                })
    }
}
