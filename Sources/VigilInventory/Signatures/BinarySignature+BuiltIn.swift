extension SignatureSet {
    /// Vigil's signatures, compiled (``BinarySignature/builtIn``).
    public static let builtIn: SignatureSet = {
        do {
            return try SignatureSet(BinarySignature.builtIn)
        } catch {
            // The built-in table is constant and compiled by a test; this cannot happen in a released build.
            preconditionFailure("the built-in signature table is invalid: \(error)")
        }
    }()
}

extension BinarySignature {
    /// Version strings of embedded-Linux components, each checked against the real binaries of Debian 12's packages
    /// (`Scripts/fetch-test-corpus`; the examples are what those binaries contain) and, where noted, against
    /// statically linked copies in manylinux wheels.
    ///
    /// The strings come from the components' own sources (a copyright banner, a version constant, a protocol
    /// identification string), so they are also found when the component is linked statically into another
    /// program. A signature whose string is not specific on its own (a bare `10.42 2022-12-11`) requires strings only
    /// that component has in the same file.
    public static let builtIn: [BinarySignature] = [
        BinarySignature(
            id: "busybox.banner", component: "busybox", anchors: ["BusyBox v"],
            pattern: #"BusyBox v(?<version>\d+\.\d+\.\d+)"#, confidence: 0.95,
            example: "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1)", exampleVersion: "1.35.0",
            note: "libbb/messages.c `bb_banner`; `/bin/busybox` of busybox and busybox-static."),
        BinarySignature(
            id: "openssl.version", component: "openssl", anchors: ["OpenSSL "],
            pattern: #"^OpenSSL (?<version>\d+\.\d+\.\d+[a-z]{0,2})(?:-[a-z]+\d*)? {1,2}\d{1,2} [A-Z][a-z]{2} \d{4}"#,
            requires: ["OPENSSLDIR: "], confidence: 0.95, example: "OpenSSL 3.0.22 25 Aug 2026",
            exampleVersion: "3.0.22",
            note:
                "OPENSSL_VERSION_TEXT in libcrypto (crypto/cversion.c); 1.x writes two spaces before the date. "
                + "Programs that link libcrypto dynamically carry the text of the headers they were built with "
                + "(hostapd: 3.0.16 beside libcrypto 3.0.22), so a match counts only beside cversion.c's own "
                + "`OPENSSLDIR: ` string, which only libcrypto has. Seen statically linked in cryptography's "
                + "`_openssl.abi3.so` (1.1.1i, 1.1.1n) and `_rust.abi3.so` (3.1.4)."),
        BinarySignature(
            id: "zlib.copyright", component: "zlib", anchors: ["deflate ", "inflate "],
            pattern: #"(?:de|in)flate (?<version>\d+\.\d+(?:\.\d+){0,2}(?:\.[0-9a-z-]+)?) Copyright 19\d\d-\d{4}"#,
            confidence: 0.95, example: " deflate 1.2.13 Copyright 1995-2022 Jean-loup Gailly and Mark Adler ",
            exampleVersion: "1.2.13",
            note:
                "`deflate_copyright` (deflate.c) and `inflate_copyright` (inftrees.c), kept in every build on "
                + "purpose; statically linked in lxml's `etree` (1.2.13). A bare `1.2.x` elsewhere is a header "
                + "constant of a program built against zlib, not zlib itself, and is not matched."),
        BinarySignature(
            id: "curl.libcurl", component: "curl", anchors: ["libcurl/"],
            pattern: #"^libcurl/(?<version>\d+\.\d+\.\d+)(?:-DEV)?$"#, confidence: 0.9, example: "libcurl/7.88.1",
            exampleVersion: "7.88.1", note: "lib/version.c builds `curl_version()` from \"libcurl/\" LIBCURL_VERSION."),
        BinarySignature(
            id: "curl.client", component: "curl", anchors: ["CLIENT libcurl "],
            pattern: #"CLIENT libcurl (?<version>\d+\.\d+\.\d+)"#, confidence: 0.9, example: "CLIENT libcurl 7.88.1",
            exampleVersion: "7.88.1", note: "lib/dict.c's DICT client identification."),
        BinarySignature(
            id: "sqlite.version", component: "sqlite", anchors: ["3."],
            pattern: #"^(?<version>3\.\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)$"#, anchorStartsString: true,
            requires: ["unable to close due to unfinalized statements or unfinished backups"], confidence: 0.75,
            example: "3.40.1", exampleVersion: "3.40.1",
            note:
                "`sqlite3_version[]` (SQLITE_VERSION), a bare string: counted only beside one of SQLite's own "
                + "messages, and the bare version nearest it wins. The source id (`2022-12-28 14:03:47 df5c…`) is "
                + "not mapped to versions."),
        BinarySignature(
            id: "expat.version", component: "expat", anchors: ["expat_"],
            pattern: #"^expat_(?<version>\d+\.\d+\.\d+)$"#, confidence: 0.95, example: "expat_2.5.0",
            exampleVersion: "2.5.0", note: "XML_ExpatVersion() (lib/xmlparse.c)."),
        BinarySignature(
            id: "libxml2.version", component: "libxml2", anchors: ["205", "206", "207", "208", "209", "210", "211"],
            pattern: #"(?:^|[^0-9.])(?<major>2)(?<minor>\d\d)(?<patch>\d\d)(?:-[0-9A-Za-z.]+)?$"#,
            requires: ["xmlGetGlobalState: out of memory"], confidence: 0.7, example: "20914", exampleVersion: "2.9.14",
            note:
                "`xmlParserVersion` (LIBXML_VERSION_STRING, `20914` for 2.9.14), counted only beside libxml2's own "
                + "globals.c message; statically linked in lxml's `etree` and `objectify`."),
        BinarySignature(
            id: "libpng.version", component: "libpng", anchors: ["libpng version "],
            pattern: #"libpng version (?<version>\d+\.\d+\.\d+)"#, confidence: 0.95,
            example: " libpng version 1.6.39 - November 20, 2022", exampleVersion: "1.6.39",
            note: "PNG_HEADER_VERSION_STRING and the copyright in png.c."),
        BinarySignature(
            id: "libjpeg-turbo.version", component: "libjpeg-turbo", anchors: ["libjpeg-turbo version "],
            pattern: #"libjpeg-turbo version (?<version>\d+\.\d+\.\d+)"#, confidence: 0.95,
            example: "libjpeg-turbo version 2.1.5 (build 20230203)", exampleVersion: "2.1.5",
            note: "The JVERSION-based message in jerror.c (JMSG_VERSION)."),
        BinarySignature(
            id: "libtiff.version", component: "libtiff", anchors: ["LIBTIFF, Version "],
            pattern: #"LIBTIFF, Version (?<version>\d+\.\d+(?:\.\d+)?)"#, confidence: 0.95,
            example: "LIBTIFF, Version 4.5.0", exampleVersion: "4.5.0", note: "TIFFLIB_VERSION_STR (tif_version.c)."),
        BinarySignature(
            id: "glibc.release", component: "glibc", anchors: ["release version "],
            pattern:
                #"(?:GNU C Library|ld\.so) \([^)]*\) (?:stable |development )?release version (?<version>\d+\.\d+(?:\.\d+)?)"#,
            confidence: 0.95, example: "GNU C Library (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36.",
            exampleVersion: "2.36", note: "csu/version.c `banner` in libc.so.6 and elf/dl-version in ld.so."),
        BinarySignature(
            id: "musl.ldso", component: "musl", anchors: ["1."],
            pattern: #"^(?<version>1\.\d\.\d{1,2})$"#, anchorStartsString: true, requires: ["musl libc ("],
            confidence: 0.8, example: "1.2.3", exampleVersion: "1.2.3",
            note:
                "ldso/dynlink.c prints `musl libc (ARCH)` and `Version %s` with VERSION, a bare string in libc.so; "
                + "counted only beside the `musl libc (` string, the nearest bare version winning."),
        BinarySignature(
            id: "dropbear.ident", component: "dropbear", anchors: ["dropbear_"],
            pattern: #"SSH-2\.0-dropbear_(?<version>\d{4}\.\d+(?:\.\d+)?)"#, confidence: 0.95,
            example: "SSH-2.0-dropbear_2022.83", exampleVersion: "2022.83",
            note: "LOCAL_IDENT, the SSH identification string (sysoptions.h)."),
        BinarySignature(
            id: "openssh.version", component: "openssh", anchors: ["OpenSSH_"],
            pattern: #"^OpenSSH_(?<version>\d+\.\d+(?:p\d+)?)(?: |$)"#, confidence: 0.95,
            example: "OpenSSH_9.2p1 Debian-2+deb12u10", exampleVersion: "9.2p1",
            note:
                "SSH_VERSION / SSH_RELEASE (version.h); the compatibility table's `OpenSSH_2.*` patterns do not match."),
        BinarySignature(
            id: "lighttpd.version", component: "lighttpd", anchors: ["lighttpd/"],
            pattern: #"lighttpd/(?<version>\d+\.\d+\.\d+)"#, confidence: 0.9,
            example: "lighttpd/1.4.69 (ssl) - a light and fast webserver", exampleVersion: "1.4.69",
            note: "PACKAGE_DESC / the Server header (server.c)."),
        BinarySignature(
            id: "nginx.version", component: "nginx", anchors: ["nginx/"],
            pattern: #"^nginx/(?<version>\d+\.\d+\.\d+)$"#, confidence: 0.9, example: "nginx/1.22.1",
            exampleVersion: "1.22.1", note: "NGINX_VER (core/nginx.h), the Server header."),
        BinarySignature(
            id: "dnsmasq.version", component: "dnsmasq", anchors: ["dnsmasq-"],
            pattern: #"^dnsmasq-(?<version>\d+\.\d+(?:\.\d+)?)(?:rc\d+|test\d+)?$"#, confidence: 0.9,
            example: "dnsmasq-2.90", exampleVersion: "2.90", note: "The CHAOS TXT `version.bind` answer (config.h)."),
        BinarySignature(
            id: "u-boot.version", component: "u-boot", anchors: ["U-Boot "],
            pattern: #"U-Boot(?: SPL| TPL| VPL)? (?<version>\d{4}\.\d{2}(?:\.\d+)?(?:-rc\d+)?)"#, confidence: 0.9,
            example: "U-Boot 2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:30:00 +0000)", exampleVersion: "2023.01",
            note: "`version_string` (cmd/version.c) in every U-Boot image, SPL included."),
        BinarySignature(
            id: "mbedtls.version", component: "mbedtls", anchors: ["mbed TLS ", "Mbed TLS "],
            pattern: #"^[Mm]bed TLS (?<version>\d+\.\d+\.\d+)$"#, confidence: 0.95, example: "mbed TLS 2.28.3",
            exampleVersion: "2.28.3", note: "MBEDTLS_VERSION_STRING_FULL (version.h), in libmbedcrypto."),
        BinarySignature(
            id: "gnutls.logging", component: "gnutls", anchors: ["Enabled GnuTLS "],
            pattern: #"Enabled GnuTLS (?<version>\d+\.\d+\.\d+) logging"#, confidence: 0.95,
            example: "Enabled GnuTLS 3.7.9 logging...", exampleVersion: "3.7.9",
            note: "The debug banner of lib/global.c (GNUTLS_VERSION)."),
        BinarySignature(
            id: "pcre.version", component: "pcre", anchors: ["8."],
            pattern: #"^(?<version>8\.\d{2})(?:-RC\d+)? \d{4}-\d\d-\d\d$"#, anchorStartsString: true,
            requires: ["internal error: code overflow"], confidence: 0.85, example: "8.39 2016-06-14",
            exampleVersion: "8.39",
            note: "`pcre_version()` (PCRE_MAJOR.PCRE_MINOR PCRE_DATE), in a file with PCRE's own error messages."),
        BinarySignature(
            id: "pcre2.version", component: "pcre2", anchors: ["10."],
            pattern: #"^(?<version>10\.\d{2})(?:-RC\d+)? \d{4}-\d\d-\d\d$"#, anchorStartsString: true,
            requires: ["alnum:alpha:ascii:blank:cntrl:digit:graph:lower:print:punct:space:upper:word:xdigit"],
            confidence: 0.85, example: "10.42 2022-12-11", exampleVersion: "10.42",
            note: "`pcre2_config(PCRE2_CONFIG_VERSION)`, beside PCRE2's POSIX class name table."),
        BinarySignature(
            id: "bzip2.version", component: "bzip2",
            anchors: [
                "-Jan-", "-Feb-", "-Mar-", "-Apr-", "-May-", "-Jun-", "-Jul-", "-Aug-", "-Sep-", "-Oct-", "-Nov-",
                "-Dec-",
            ],
            pattern: #"^(?<version>[01]\.\d\.\d+[a-z]?), \d{1,2}-[A-Z][a-z]{2}-\d{4}$"#,
            requires: ["PARAM_ERROR"], confidence: 0.85, example: "1.0.8, 13-Jul-2019", exampleVersion: "1.0.8",
            note: "BZ_VERSION returned by `BZ2_bzlibVersion()`, beside the error names of `BZ2_bzerror`."),
        BinarySignature(
            id: "xz.version", component: "xz", anchors: ["(XZ Utils) "],
            pattern: #"\(XZ Utils\) (?<version>\d+\.\d+\.\d+)"#, confidence: 0.9,
            example: "xz (XZ Utils) 5.4.1", exampleVersion: "5.4.1", note: "The `xz --version` text (src/xz/message.c)."
        ),
        BinarySignature(
            id: "liblzma.version", component: "xz", anchors: ["5."],
            pattern: #"^(?<version>5\.\d\.\d{1,2})$"#, anchorStartsString: true, requires: ["7zXZ"],
            maximumDistance: 1024, confidence: 0.7, example: "5.4.1", exampleVersion: "5.4.1",
            note:
                "LZMA_VERSION_STRING from `lzma_version_string()`, a bare string that liblzma's compiler places just "
                + "before the stream header magic (`\\xFD7zXZ`, 390–430 bytes later in Debian's 5.4.1 and Pillow's 5.2.5 and 5.4.4): counted only within 1 KiB of it (libarchive has "
                + "a bare 5.4.1 from liblzma's header far from its own magic). Seen in Pillow's bundled liblzma "
                + "(5.2.5, 5.4.4)."),
        BinarySignature(
            id: "libarchive.version", component: "libarchive", anchors: ["libarchive "],
            pattern: #"^libarchive (?<version>\d+\.\d+\.\d+)"#, confidence: 0.9, example: "libarchive 3.6.2",
            exampleVersion: "3.6.2", note: "ARCHIVE_VERSION_STRING (archive.h)."),
        BinarySignature(
            id: "bash.version", component: "bash", anchors: ["Bash version "],
            pattern: #"@\(#\)Bash version (?<version>\d+\.\d+\.\d+)\(\d+\) (?:release|beta\d*|rc\d*|alpha\d*|maint)"#,
            confidence: 0.95, example: "@(#)Bash version 5.2.15(1) release GNU", exampleVersion: "5.2.15",
            note: "`sccs_version` (version.c)."),
        BinarySignature(
            id: "wpa_supplicant.version", component: "wpa_supplicant", anchors: ["wpa_supplicant v", "wpa_cli v"],
            pattern: #"^(?:wpa_supplicant|wpa_cli) v(?<version>\d+\.\d+(?:\.\d+)?)(?:-devel|-rc\d+)?$"#,
            confidence: 0.9, example: "wpa_supplicant v2.10", exampleVersion: "2.10",
            note: "\"wpa_supplicant v\" VERSION_STR (wpa_supplicant/main.c)."),
        BinarySignature(
            id: "systemd.version", component: "systemd", anchors: ["systemd "],
            pattern: #"^(?:%sManager: )?systemd \d{3} \((?<version>\d{3}(?:\.\d+)?)"#, confidence: 0.9,
            example: "systemd 252 (252.39-1~deb12u2)", exampleVersion: "252.39",
            note:
                "`systemd --version` and the D-Bus Manager's Version (libsystemd-shared): PROJECT_VERSION, then the "
                + "full version in brackets (a distribution's package version, whose upstream part is the stable "
                + "release)."),
        BinarySignature(
            id: "avahi.version", component: "avahi", anchors: ["avahi "],
            pattern: #"^avahi (?<version>\d+\.\d+(?:\.\d+)?)$"#, requires: ["Server startup complete. "],
            confidence: 0.85, example: "avahi 0.8", exampleVersion: "0.8",
            note:
                "PACKAGE_STRING, the daemon's GetVersionString answer (avahi-daemon); libavahi-client holds a fixed "
                + "`avahi 0.6`, hence the daemon's own start-up message is required."),
        BinarySignature(
            id: "ncurses.version", component: "ncurses", anchors: ["ncurses "],
            pattern: #"^ncurses (?<version>\d+\.\d+)\.\d{8}$"#, confidence: 0.9, example: "ncurses 6.4.20221231",
            exampleVersion: "6.4", note: "`curses_version()` (NCURSES_VERSION_STRING with the patch date)."),
        BinarySignature(
            id: "util-linux.version", component: "util-linux", anchors: ["util-linux "],
            pattern: #"util-linux (?<version>\d+\.\d+(?:\.\d+)?)"#, confidence: 0.9, example: "util-linux 2.38.1",
            exampleVersion: "2.38.1", note: "UTIL_LINUX_VERSION printed by every util-linux program's --version."),
        BinarySignature(
            id: "wolfssl.version", component: "wolfssl", anchors: ["wolfSSL "],
            pattern: #"^wolfSSL (?<version>\d+\.\d+\.\d+)$"#, confidence: 0.9, example: "wolfSSL 5.5.4",
            exampleVersion: "5.5.4",
            note: "The OpenSSL-compatibility version text (OPENSSL_EXTRA builds, as Debian's); minimal builds lack it."),
        BinarySignature(
            id: "hostapd.cli", component: "hostapd", anchors: ["hostapd_cli v"],
            pattern: #"^hostapd_cli v(?<version>\d+\.\d+(?:\.\d+)?)(?:-devel|-rc\d+)?$"#, confidence: 0.9,
            example: "hostapd_cli v2.10", exampleVersion: "2.10", note: "hostapd_cli's banner (VERSION_STR)."),
        BinarySignature(
            id: "hostapd.daemon", component: "hostapd", anchors: ["2."],
            pattern: #"^(?<version>2\.\d{1,2})(?:-devel|-rc\d+)?$"#, anchorStartsString: true,
            requires: ["hostapd v%s"], maximumDistance: 4096, confidence: 0.7, example: "2.10",
            exampleVersion: "2.10",
            note:
                "The daemon prints \"hostapd v%s\" with VERSION_STR, a bare string placed near it: the bare version "
                + "nearest the format, within 4 KiB."),
        BinarySignature(
            id: "dbus.version", component: "dbus", anchors: ["libdbus "],
            pattern: #"^libdbus (?<version>\d+\.\d+\.\d+)$"#, confidence: 0.9, example: "libdbus 1.14.10",
            exampleVersion: "1.14.10", note: "The version in libdbus's `_dbus_get_local_machine_uuid` diagnostics."),
        BinarySignature(
            id: "dcmtk.uid-root", component: "dcmtk", anchors: ["1.2.276.0.7230010.3.0."],
            pattern: #"1\.2\.276\.0\.7230010\.3\.0\.(?<version>\d+\.\d+\.\d+)"#, confidence: 0.95,
            example: "1.2.276.0.7230010.3.0.3.6.7", exampleVersion: "3.6.7",
            note: "OFFIS_IMPLEMENTATION_CLASS_UID (dcmdata/dcuid.h): the DICOM implementation class UID, in libdcmdata."
        ),
        BinarySignature(
            id: "sudo.plugin", component: "sudo",
            anchors: ["sudoers ", "Sudo Logsrvd ", "Sudo Sendlog ", "Sudo Audit Server "],
            pattern: #"^(?:sudoers|Sudo Logsrvd|Sudo Sendlog|Sudo Audit Server) (?<version>\d+\.\d+\.\d+(?:p\d+)?)$"#,
            confidence: 0.9, example: "sudoers 1.9.13p3", exampleVersion: "1.9.13p3",
            note: "PACKAGE_VERSION in the sudoers plugin and the log server tools (`sudo` itself has a bare string)."),
        BinarySignature(
            id: "mosquitto.broker", component: "mosquitto", anchors: ["1.", "2."],
            pattern: #"^(?<version>[12]\.\d+\.\d+)$"#, anchorStartsString: true,
            requires: ["mosquitto version %s"], maximumDistance: 256, confidence: 0.75, example: "2.0.11",
            exampleVersion: "2.0.11",
            note: "VERSION printed with \"mosquitto version %s\", the string just before it in the broker and tools."),
        BinarySignature(
            id: "bluez.daemon", component: "bluez", anchors: ["5."],
            pattern: #"^(?<version>5\.\d{2,3})$"#, anchorStartsString: true, requires: ["BlueZ %s"],
            maximumDistance: 256, confidence: 0.75, example: "5.66", exampleVersion: "5.66",
            note: "VERSION just before bluetoothd's \"BlueZ %s\" (src/main.c)."),
        // File names: for components whose binaries hold no version text.
        BinarySignature(
            id: "freetype.soname", component: "freetype", anchors: [],
            pattern: #"^libfreetype(?:-[0-9a-f]{8})?\.so\.(?<version>6\.\d+\.\d+)$"#, confidence: 0.7,
            example: "libfreetype.so.6.18.3", exampleVersion: "2.12.1",
            note:
                "FreeType keeps no version text; its library file is named for its libtool version, which "
                + "docs/VERSIONS.TXT maps to releases. Checked on Debian 12 (6.18.3 = 2.12.1) and on Pillow's "
                + "bundled copies against Pillow's own report: 6.16.1 = 2.9.1, 6.17.1 = 2.10.1, 6.17.2 = 2.10.2, "
                + "6.17.4 = 2.10.4, 6.18.0 = 2.11.0, 6.18.1 = 2.11.1, 6.19.0 = 2.13.0, 6.20.1 = 2.13.2. A statically "
                + "linked FreeType is not found.",
            target: .fileName,
            versions: [
                "6.12.0": "2.6", "6.12.1": "2.6.1", "6.12.2": "2.6.2", "6.12.3": "2.6.3", "6.12.4": "2.6.4",
                "6.12.5": "2.6.5", "6.12.6": "2.7", "6.13.0": "2.7.1", "6.14.0": "2.8", "6.15.0": "2.8.1",
                "6.16.0": "2.9", "6.16.1": "2.9.1", "6.17.0": "2.10.0", "6.17.1": "2.10.1", "6.17.2": "2.10.2",
                "6.17.3": "2.10.3", "6.17.4": "2.10.4", "6.18.0": "2.11.0", "6.18.1": "2.11.1", "6.18.2": "2.12.0",
                "6.18.3": "2.12.1", "6.19.0": "2.13.0", "6.20.0": "2.13.1", "6.20.1": "2.13.2", "6.20.2": "2.13.3",
            ]),
        BinarySignature(
            id: "uclibc.file", component: "uclibc", anchors: [],
            pattern: #"^(?:libuClibc|ld-uClibc|ld64-uClibc)-(?<version>0\.9\.\d+(?:\.\d+)?)\.so$"#, confidence: 0.7,
            example: "libuClibc-0.9.33.2.so", exampleVersion: "0.9.33.2",
            note:
                "uClibc installs its C library and loader under versioned names (`libc.so.0` links to them) and "
                + "compiles in no version text. Not checked on a real binary: no uClibc build is packaged by Debian "
                + "or PyPI.",
            target: .fileName),
        BinarySignature(
            id: "uclibc-ng.file", component: "uclibc-ng", anchors: [],
            pattern: #"^(?:libuClibc|ld-uClibc|ld64-uClibc)-(?<version>1\.\d+\.\d+)\.so$"#, confidence: 0.7,
            example: "ld-uClibc-1.0.45.so", exampleVersion: "1.0.45",
            note: "uClibc-ng (1.x) keeps uClibc's versioned file names; not checked on a real binary either.",
            target: .fileName),
    ]
}
