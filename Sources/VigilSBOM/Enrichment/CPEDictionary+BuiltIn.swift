extension CPEDictionary {
    /// Vigil's curated table of embedded-Linux components: the package names Debian, Yocto/OpenEmbedded and
    /// Buildroot use (source and binary), mapped to the vendor:product pairs NVD files CVEs under today.
    ///
    /// Curated by hand from NVD's CPE usage; where the Debian security tracker's `data/CPE/list` names an older vendor
    /// (`rob_landley:busybox`, `curl:libcurl`), the pair NVD uses now wins and both are listed when NVD uses both.
    /// Load the tracker's full list on top with ``addDebianList(_:origin:)`` (`vigil sbom enrich --cpe-list`).
    public static let builtIn: CPEDictionary = {
        var dictionary = CPEDictionary()
        for (names, products) in curated {
            for name in names { dictionary.add(name, products, origin: "curated") }
        }
        return dictionary
    }()

    private static func a(_ vendor: String, _ product: String) -> Product { Product(vendor: vendor, product: product) }

    /// Names (source first, then binary and Yocto package names) → products.
    private static let curated: [([String], [Product])] = [
        // Kernel, boot loader, C libraries.
        (
            [
                "linux", "linux-yocto", "linux-yocto-rt", "linux-yocto-tiny", "linux-kernel", "kernel",
                "linux-imx", "linux-raspberrypi", "linux-ti-staging", "linux-stable",
            ],
            [Product(part: "o", vendor: "linux", product: "linux_kernel")]
        ),
        (["u-boot", "u-boot-tools", "u-boot-fw-utils", "uboot"], [a("denx", "u-boot")]),
        (["grub", "grub2", "grub-efi"], [a("gnu", "grub2")]),
        (["glibc", "libc6", "eglibc", "glibc-locale", "ldconfig", "libc-bin"], [a("gnu", "glibc")]),
        (["musl"], [a("musl-libc", "musl")]),
        (["uclibc"], [a("uclibc", "uclibc")]),
        (["uclibc-ng"], [a("uclibc-ng_project", "uclibc-ng")]),
        (["gcc", "gcc-runtime", "libgcc", "libgcc-s1", "libstdc++", "libstdc++6"], [a("gnu", "gcc")]),
        (["binutils"], [a("gnu", "binutils")]),
        // Core user space.
        (
            ["busybox", "busybox-hwclock", "busybox-syslog", "busybox-udhcpc", "busybox-udhcpd", "busybox-inittab"],
            [a("busybox", "busybox")]
        ),
        (["bash"], [a("gnu", "bash")]),
        (["coreutils"], [a("gnu", "coreutils")]),
        (
            [
                "util-linux", "util-linux-libuuid", "libuuid1", "libblkid1", "libmount1", "util-linux-libblkid",
                "util-linux-libmount", "util-linux-mount",
            ], [a("kernel", "util-linux")]
        ),
        (["systemd", "libsystemd0", "udev", "libudev1", "systemd-udev"], [a("systemd_project", "systemd")]),
        (["dbus", "libdbus-1-3", "dbus-lib"], [a("freedesktop", "dbus")]),
        (["kmod", "libkmod2"], [a("kernel", "kmod")]),
        (["shadow", "passwd", "login"], [a("shadow-maint", "shadow"), a("shadow_project", "shadow")]),
        (["sudo"], [a("sudo_project", "sudo")]),
        (["procps", "procps-ng"], [a("procps-ng_project", "procps-ng")]),
        (
            ["ncurses", "libncurses6", "libncursesw6", "ncurses-libncurses", "ncurses-terminfo-base"],
            [a("gnu", "ncurses"), a("invisible-island", "ncurses")]
        ),
        (["readline", "libreadline8"], [a("gnu", "readline")]),
        (["tar"], [a("gnu", "tar")]),
        (["gzip"], [a("gnu", "gzip")]),
        (["e2fsprogs", "libext2fs2", "libcom-err2", "libss2"], [a("e2fsprogs_project", "e2fsprogs")]),
        (["libcap", "libcap2"], [a("libcap_project", "libcap")]),
        (["linux-pam", "libpam", "pam", "libpam0g"], [a("linux-pam", "linux-pam")]),
        (["vim", "vim-tiny"], [a("vim", "vim")]),
        (["less"], [a("gnu", "less")]),
        // Compression and archives.
        (["zlib", "zlib1g", "libz1", "libzlib"], [a("zlib", "zlib")]),
        (["bzip2", "libbz2-1.0", "libbz2-1"], [a("bzip", "bzip2")]),
        (["xz", "xz-utils", "liblzma", "liblzma5"], [a("tukaani", "xz")]),
        (["zstd", "libzstd1", "libzstd"], [a("facebook", "zstandard")]),
        (["lz4", "liblz4-1"], [a("lz4_project", "lz4")]),
        (["libarchive", "libarchive13"], [a("libarchive", "libarchive")]),
        // Cryptography.
        (
            [
                "openssl", "openssl3", "libssl3", "libcrypto3", "libssl", "libcrypto", "openssl-bin", "libssl1.1",
                "libssl3t64", "libopenssl",
            ], [a("openssl", "openssl")]
        ),
        (["mbedtls", "libmbedtls", "libmbedcrypto", "libmbedx509"], [a("arm", "mbed_tls")]),
        (["wolfssl"], [a("wolfssl", "wolfssl")]),
        (["gnutls", "gnutls28", "libgnutls30"], [a("gnu", "gnutls")]),
        (["libgcrypt", "libgcrypt20"], [a("gnupg", "libgcrypt")]),
        (["libgpg-error", "libgpg-error0"], [a("gnupg", "libgpg-error")]),
        (["gnupg", "gnupg2"], [a("gnupg", "gnupg")]),
        (["nettle", "libnettle8"], [a("nettle_project", "nettle")]),
        (["libtasn1", "libtasn1-6"], [a("gnu", "libtasn1")]),
        (["libidn2", "libidn2-0"], [a("gnu", "libidn2")]),
        (["krb5", "libkrb5-3", "libgssapi-krb5-2"], [a("mit", "kerberos_5")]),
        (["libxcrypt", "libcrypt1"], [a("libxcrypt_project", "libxcrypt")]),
        // Networking and remote access.
        (["curl", "libcurl", "libcurl4", "libcurl4-openssl"], [a("haxx", "curl"), a("haxx", "libcurl")]),
        (
            ["openssh", "openssh-sshd", "openssh-ssh", "openssh-server", "openssh-client", "openssh-sftp-server"],
            [a("openbsd", "openssh")]
        ),
        (["dropbear"], [a("dropbear_ssh_project", "dropbear_ssh")]),
        (["libssh"], [a("libssh", "libssh")]),
        (["libssh2", "libssh2-1"], [a("libssh2", "libssh2")]),
        (["dnsmasq"], [a("thekelleys", "dnsmasq")]),
        (["lighttpd"], [a("lighttpd", "lighttpd")]),
        (["nginx"], [a("f5", "nginx"), a("nginx", "nginx")]),
        (["apache2", "httpd"], [a("apache", "http_server")]),
        (["haproxy"], [a("haproxy", "haproxy")]),
        (["wpa-supplicant", "wpa_supplicant", "wpasupplicant"], [a("w1.fi", "wpa_supplicant")]),
        (["hostapd"], [a("w1.fi", "hostapd")]),
        (["bluez", "bluez5", "libbluetooth3", "bluez5_utils"], [a("bluez", "bluez")]),
        (["avahi", "avahi-daemon", "libavahi-client3", "libavahi-common3"], [a("avahi", "avahi")]),
        (["mosquitto", "libmosquitto1"], [a("eclipse", "mosquitto")]),
        (["openvpn"], [a("openvpn", "openvpn")]),
        (["samba"], [a("samba", "samba")]),
        (["ntp"], [a("ntp", "ntp")]),
        (["net-snmp", "libsnmp40", "snmpd"], [a("net-snmp", "net-snmp")]),
        (["iptables", "libxtables12"], [a("netfilter", "iptables")]),
        (["tcpdump"], [a("tcpdump", "tcpdump")]),
        (["libpcap", "libpcap0.8", "libpcap1"], [a("tcpdump", "libpcap")]),
        (["openldap", "libldap-2.5-0", "libldap2"], [a("openldap", "openldap")]),
        (["c-ares", "libcares2"], [a("c-ares", "c-ares"), a("c-ares_project", "c-ares")]),
        (["libevent", "libevent-2.1-7"], [a("libevent_project", "libevent")]),
        (["connman"], [a("intel", "connman")]),
        (["polkit", "libpolkit-gobject-1-0"], [a("polkit_project", "polkit")]),
        // Data formats, parsers and media.
        (["expat", "libexpat", "libexpat1"], [a("libexpat_project", "libexpat")]),
        (["libxml2", "libxml2-2"], [a("xmlsoft", "libxml2")]),
        (["libxslt", "libxslt1.1"], [a("xmlsoft", "libxslt")]),
        (["sqlite3", "sqlite", "libsqlite3-0"], [a("sqlite", "sqlite")]),
        (["pcre", "libpcre3", "libpcre1"], [a("pcre", "pcre")]),
        (["pcre2", "libpcre2-8-0"], [a("pcre", "pcre2")]),
        (["json-c", "libjson-c5"], [a("json-c_project", "json-c")]),
        (["libyaml", "libyaml-0-2"], [a("pyyaml", "libyaml")]),
        (["protobuf", "libprotobuf32"], [a("google", "protobuf")]),
        (["libpng", "libpng16-16", "libpng16"], [a("libpng", "libpng")]),
        // Not `jpeg` or `libjpeg`: Buildroot and older distributions use them for IJG's library or for either one.
        (
            ["libjpeg-turbo", "libjpeg62-turbo", "libjpeg8", "jpeg-turbo", "libjpeg62", "libturbojpeg"],
            [a("libjpeg-turbo", "libjpeg-turbo"), a("d.r.commander", "libjpeg-turbo")]
        ),
        (["tiff", "libtiff", "libtiff6", "libtiff5"], [a("libtiff", "libtiff")]),
        (["freetype", "libfreetype6"], [a("freetype", "freetype")]),
        (["libwebp", "libwebp7"], [a("webmproject", "libwebp")]),
        (["giflib", "libgif7"], [a("giflib_project", "giflib")]),
        (["cairo", "libcairo2"], [a("cairographics", "cairo")]),
        (["glib-2.0", "glib2.0", "libglib2.0-0", "glib", "libglib2"], [a("gnome", "glib")]),
        (["ffmpeg", "libavcodec"], [a("ffmpeg", "ffmpeg")]),
        (["gstreamer1.0", "gstreamer"], [a("gstreamer_project", "gstreamer")]),
        (["libusb1", "libusb-1.0-0", "libusb"], [a("libusb", "libusb")]),
        // Languages and runtimes.
        (["python3", "python3-core", "python"], [a("python", "python")]),
        (["perl"], [a("perl", "perl")]),
        (["nodejs"], [a("nodejs", "node.js")]),
        (["lua", "lua5.4"], [a("lua", "lua")]),
        // Medical-device protocols and stacks.
        (["dcmtk"], [a("offis", "dcmtk")]),
        (["mariadb", "libmariadb3"], [a("mariadb", "mariadb")]),
        (["postgresql", "libpq5"], [a("postgresql", "postgresql")]),
    ]
}
