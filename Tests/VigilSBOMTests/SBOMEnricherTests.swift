import Foundation
import Testing
import VigilCore
import VigilSBOM
import VigilTesting

@Suite struct SBOMEnricherTests {
    @Test(arguments: [
        ("busybox", "busybox:busybox"), ("BusyBox", "busybox:busybox"), ("zlib-native", "zlib:zlib"),
        ("libssl3", "openssl:openssl"), ("linux-yocto", "linux:linux_kernel"), ("libxml2", "xmlsoft:libxml2"),
        ("gcc-cross-arm", "gnu:gcc"), ("nativesdk-openssl", "openssl:openssl"), ("libopenssl", "openssl:openssl"),
        ("bluez5_utils", "bluez:bluez"), ("libglib2", "gnome:glib"),
        ("kernel-6.6.21-yocto-standard", "linux:linux_kernel"),
        ("kernel-image-bzimage", "linux:linux_kernel"), ("binutils-cross-x86_64", "gnu:binutils"),
        ("libjpeg62", "libjpeg-turbo:libjpeg-turbo"),
    ])
    func mapsEmbeddedPackageNames(name: String, product: String) {
        #expect(CPEDictionary.builtIn.products(for: name).first?.description == product)
    }

    @Test func mapsCurlToBothOfNVDsProducts() {
        #expect(CPEDictionary.builtIn.products(for: "curl").map(\.description) == ["haxx:curl", "haxx:libcurl"])
        #expect(CPEDictionary.builtIn.products(for: "linux-libc-headers").isEmpty, "headers are not the kernel")
    }

    @Test func addsPreciseCPEsWhereOnlyAnyVendorCPEsExist() {
        let document = SBOMDocument(components: [
            SBOMComponent(
                id: "1", name: "busybox", version: "1.36.1", cpes: ["cpe:2.3:*:*:busybox:1.36.1:*:*:*:*:*:*:*"]),
            SBOMComponent(
                id: "2", name: "openssl", version: "3.0.13", cpes: ["cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"]),
            SBOMComponent(id: "3", name: "glibc", version: "2.39+git", purl: "pkg:generic/glibc@2.39"),
            SBOMComponent(
                id: "4", name: "libc6", version: "2.36-9+deb12u4", purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4"),
            SBOMComponent(id: "5", name: "vendor-blob", version: "7"),
            SBOMComponent(id: "6", kind: .file, name: "busybox"),
        ])
        let result = SBOMEnricher().enrich(document)
        let components = result.document.components
        #expect(
            components[0].cpes == [
                "cpe:2.3:*:*:busybox:1.36.1:*:*:*:*:*:*:*", "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*",
            ])
        #expect(components[1].cpes.count == 1, "a specific CPE is left alone")
        #expect(components[2].cpes == ["cpe:2.3:a:gnu:glibc:2.39:*:*:*:*:*:*:*"])
        #expect(components[3].cpes == ["cpe:2.3:a:gnu:glibc:2.36:*:*:*:*:*:*:*"])
        #expect(components[4].cpes.isEmpty)
        #expect(components[4].purl == "pkg:generic/vendor-blob@7")
        #expect(components[5].cpes.isEmpty && components[5].purl == nil, "files are not enriched")
        #expect(components[0].purl == "pkg:generic/busybox@1.36.1")
        #expect(components[1].purl == "pkg:generic/openssl@3.0.13")
        #expect(result.changes.count == 6)
        #expect(result.changes.first?.description.contains("busybox → busybox:busybox, curated") == true)
    }

    @Test(arguments: ["kernel-module-bluetooth", "jpeg", "libjpeg", "tool-cross-1.2"])
    func leavesAmbiguousNamesUnmapped(name: String) {
        #expect(CPEDictionary.builtIn.products(for: name).isEmpty)
    }

    @Test func completesRelatedCPEsAndTrustsUnrelatedOnes() {
        let document = SBOMDocument(components: [
            // A wrong product under the right vendor gains the right one.
            SBOMComponent(
                id: "1", name: "linux-yocto", version: "6.6.21+git",
                cpes: ["cpe:2.3:o:linux:linux:6.6.21:*:*:*:*:*:*:*"]),
            // One of NVD's two curl products gains the other.
            SBOMComponent(id: "2", name: "curl", version: "8.7.1", cpes: ["cpe:2.3:a:haxx:curl:8.7.1:*:*:*:*:*:*:*"]),
            // Something else called `shadow`, identified by its author, is left alone.
            SBOMComponent(
                id: "3", name: "shadow", version: "2.0", cpes: ["cpe:2.3:a:acme:ui_shadow:2.0:*:*:*:*:*:*:*"]),
            // No version: a CPE would match every CVE of the product, so none is added; the purl needs one too.
            SBOMComponent(id: "4", name: "openssl"),
            // An unknown name found through the product of its any-vendor CPE.
            SBOMComponent(
                id: "5", name: "core-image-bb", version: "1.36.1", cpes: ["cpe:2.3:*:*:busybox:1.36.1:*:*:*:*:*:*:*"]),
        ])
        let result = SBOMEnricher().enrich(document)
        let cpes = result.document.components.map(\.cpes)
        #expect(cpes[0].last == "cpe:2.3:o:linux:linux_kernel:6.6.21:*:*:*:*:*:*:*")
        #expect(cpes[1] == ["cpe:2.3:a:haxx:curl:8.7.1:*:*:*:*:*:*:*", "cpe:2.3:a:haxx:libcurl:8.7.1:*:*:*:*:*:*:*"])
        #expect(cpes[2].count == 1)
        #expect(cpes[3].isEmpty && result.document.components[3].purl == nil)
        #expect(cpes[4].last == "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")
    }

    @Test func namesTheOriginOfEachProduct() {
        var dictionary = CPEDictionary.builtIn
        dictionary.addDebianList("busybox;cpe:/a:rob_landley:busybox\n", origin: "CPE-list")
        let result = SBOMEnricher(dictionary: dictionary).enrich(
            SBOMDocument(components: [SBOMComponent(id: "1", name: "busybox", version: "1.36.1")]))
        let reasons = result.changes.filter { $0.field == "cpe" }.map(\.reason)
        #expect(reasons == ["busybox → busybox:busybox, curated", "busybox → rob_landley:busybox, CPE-list"])
    }

    @Test func readsTheDebianTrackersFormat() throws {
        var dictionary = CPEDictionary()
        let report = dictionary.addDebianList(
            "# comment\nopenssl;cpe:/a:openssl:openssl\nnocpe;\n\nlinux;;cpe:/o:linux:linux_kernel\nbad;cpe:/z:x:y\n",
            origin: "list")
        #expect(report.read == 2)
        #expect(report.skippedLines == [6])
        #expect(
            dictionary.products(for: "linux").first
                == CPEDictionary.Product(part: "o", vendor: "linux", product: "linux_kernel"))
        #expect(dictionary.origin(of: "openssl") == "list")
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func loadsTheDebianTrackerListOnTopOfTheCuratedTable() throws {
        let url = try #require(SharedData.url("debian-security-tracker/CPE-list"))
        var dictionary = CPEDictionary.builtIn
        let report = dictionary.addDebianList(try String(contentsOf: url, encoding: .utf8), origin: "CPE-list")
        #expect(report.read == 2_354)
        #expect(report.skippedLines.isEmpty)
        #expect(dictionary.products(for: "busybox").map(\.description) == ["busybox:busybox", "rob_landley:busybox"])
        #expect(dictionary.products(for: "389-ds-base").first?.description == "fedoraproject:389_directory_server")
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func makesTheYoctoExportMatchable() throws {
        let sample = try #require(
            SBOMSamples.cycloneDXJSON().first { $0.path.hasSuffix("example-cyclonedx-export-bom.json") })
        let document = try SBOMDecoderRegistry.builtIn.decode(sample.bytes)
        let specific = { (document: SBOMDocument) in
            document.components.filter { $0.cpeNames.contains { $0.vendor != .any } }.count
        }
        let result = SBOMEnricher().enrich(document)
        #expect(specific(document) < 10)
        #expect(specific(result.document) >= 30)
        #expect(
            result.document.components.first { $0.name == "busybox" }?.cpes.contains(
                "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*") == true)
    }
}
