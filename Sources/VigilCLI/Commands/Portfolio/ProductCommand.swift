import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilStore

/// `vigil product`: the products whose releases are monitored.
struct ProductCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "product",
        abstract: "Add, list and show the products whose firmware releases are monitored.",
        discussion: """
            Products and their releases ('vigil release') live in the database (--db). 'vigil monitor' evaluates \
            every supported release of every product.

            Exit status: 0; 2 the product cannot be added (a name taken or not valid) or is unknown; 64 usage error.
            """,
        subcommands: [ProductAddCommand.self, ProductListCommand.self, ProductShowCommand.self])
}

struct ProductAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a product.")

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The product's name: letters, digits, '.', '_', '-'.") var name: String
    @Option(help: "What the product is.") var description: String?

    func run() async throws {
        let store = try await database.open(writing: true)
        do {
            try await store.add(Product(name: name, description: description, createdAt: Timestamp.string()))
        } catch let error as PortfolioError {
            Console.error("\(error)")
            throw ExitStatus.invalidInput
        }
        print("added product \(name)")
    }
}

struct ProductListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the products.")

    @OptionGroup var database: TeamDatabaseOptions
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    struct Row: Encodable {
        var name: String
        var description: String?
        var releases: Int
        var monitored: Int
        var createdAt: String
    }

    func run() async throws {
        let store = try await database.open()
        let today = String(Timestamp.string().prefix(10))
        var rows: [Row] = []
        for product in try await store.products() {
            let releases = try await store.releases(of: product.name)
            rows.append(
                Row(
                    name: product.name, description: product.description, releases: releases.count,
                    monitored: releases.count { $0.isMonitored(on: today) }, createdAt: product.createdAt))
        }
        if format == .json {
            print(try JSONOutput.encode(["schema": AnyEncodable("vigil.products/1"), "products": AnyEncodable(rows)]))
            return
        }
        guard !rows.isEmpty else {
            print("No products: add one with 'vigil product add NAME'.")
            return
        }
        print(
            TextTable.render(
                [["PRODUCT", "RELEASES", "MONITORED", "DESCRIPTION"]]
                    + rows.map { [$0.name, String($0.releases), String($0.monitored), $0.description ?? ""] }))
    }
}

struct ProductShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a product and its releases.")

    @OptionGroup var database: TeamDatabaseOptions
    @Argument(help: "The product.") var name: String
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: TableOrJSON = .table

    func run() async throws {
        let store = try await database.open()
        guard let product = try await store.product(named: name) else {
            Console.error("no product '\(name)': 'vigil product list' shows the products")
            throw ExitStatus.invalidInput
        }
        let releases = try await store.releases(of: name)
        if format == .json {
            print(
                try JSONOutput.encode([
                    "schema": AnyEncodable("vigil.product/1"), "product": AnyEncodable(product),
                    "releases": AnyEncodable(releases.map(ReleaseListCommand.Row.init)),
                ]))
            return
        }
        print("\(product.name)" + (product.description.map { ": \($0)" } ?? "") + " (added \(product.createdAt))")
        print(ReleaseListCommand.table(releases))
    }
}

/// Type erasure for JSON documents put together from several values.
struct AnyEncodable: Encodable {
    let encodeValue: (any Encoder) throws -> Void
    init(_ value: some Encodable) { encodeValue = value.encode(to:) }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

/// Columns padded to their widest cell, two spaces apart.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        let widths = (rows.first ?? []).indices.map { column in
            rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
