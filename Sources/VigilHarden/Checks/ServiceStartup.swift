import Foundation
import VigilInventory

/// What an image starts at boot, from every init system a device may use: busybox or SysV `inittab`, `inetd.conf`
/// and `xinetd.d`, SysV init scripts linked from `rc?.d` and the scripts busybox init runs (`rcS`, `rc.local`), and
/// systemd units enabled by links in `*.wants/`. Lines are kept with their file and number, for evidence.
struct Startup {
    struct Line {
        var path: String
        var number: Int
        var text: String
    }

    /// Lines that start programs: inittab entries, rc scripts' commands, enabled units' Exec lines, inetd entries.
    private(set) var commands: [Line] = []
    private(set) var inittab: [Line] = []
    private(set) var inetd: [(line: Line, service: String, program: String)] = []
    /// Enabled SysV scripts and systemd units, by name (`S50telnetd` → `telnetd`, `tftpd-hpa.service`).
    private(set) var enabled: [(name: String, path: String)] = []
    private let context: HardeningContext

    init(_ context: HardeningContext) {
        self.context = context
        inittab = lines("/etc/inittab")
        commands += inittab
        for path in ["/etc/init.d/rcS", "/etc/rc.local", "/etc/init.d/rc.local", "/etc/rc.d/rc.local"] {
            commands += lines(path)
        }
        for line in lines("/etc/inetd.conf") {
            let fields = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 6 else { continue }
            let program = fields.dropFirst(5).first { !$0.hasPrefix("-") && $0 != "root" } ?? fields[5]
            inetd.append((line, fields[0], Self.basename(program)))
        }
        for path in context.files.map(\.path) where path.hasPrefix("/etc/xinetd.d/") {
            // `service telnet { … disable = no … server = /usr/sbin/in.telnetd }`: started unless disabled.
            let text = lines(path)
            guard let header = text.first(where: { $0.text.hasPrefix("service ") }) else { continue }
            let disabled = text.contains {
                $0.text.replacingOccurrences(of: " ", with: "").lowercased() == "disable=yes"
            }
            guard !disabled else { continue }
            let server = text.first { $0.text.replacingOccurrences(of: " ", with: "").hasPrefix("server=") }
            let program = server.map { Self.basename(String($0.text.split(separator: "=").last ?? "")) } ?? ""
            inetd.append((header, String(header.text.dropFirst("service ".count)).trimmed, program.trimmed))
        }
        // SysV: /etc/rc?.d/S??name → /etc/init.d/name. Busybox and Buildroot: rcS runs /etc/init.d/S??name itself.
        for directory in context.list("/etc") where directory.hasPrefix("rc") && directory.hasSuffix(".d") {
            for name in context.list("/etc/" + directory) where name.hasPrefix("S") {
                enabled.append((String(name.drop { $0 == "S" || $0.isNumber }), "/etc/\(directory)/\(name)"))
            }
        }
        for name in context.list("/etc/init.d")
        where name.hasPrefix("S") && name.dropFirst().prefix(2).allSatisfy(\.isNumber) {
            enabled.append((String(name.dropFirst(3)), "/etc/init.d/\(name)"))
        }
        // systemd: a link in *.wants/ enables the unit; its Exec lines are what it starts (each unit once, however
        // many targets want it).
        var units: Set<String> = []
        for base in ["/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"] {
            for directory in context.list(base) where directory.hasSuffix(".wants") {
                for unit in context.list(base + "/" + directory) where units.insert(unit).inserted {
                    enabled.append((unit, "\(base)/\(directory)/\(unit)"))
                    for unitBase in ["/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"] {
                        let unitLines = lines(unitBase + "/" + unit)
                        guard !unitLines.isEmpty else { continue }
                        commands += unitLines.filter { $0.text.hasPrefix("Exec") }
                        break
                    }
                }
            }
        }
    }

    /// Where one of `programs` (or an inetd service of `inetd`) is started.
    func starts(programs: Set<String>, inetd names: Set<String>) -> [Evidence] {
        var places: [Evidence] = []
        for line in commands where Self.words(line.text).contains(where: programs.contains) {
            places.append(Evidence(path: line.path, line: line.number, detail: "started: \(line.text)"))
        }
        for entry in inetd where names.contains(entry.service) || programs.contains(entry.program) {
            places.append(Evidence(path: entry.line.path, line: entry.line.number, detail: "inetd: \(entry.line.text)"))
        }
        for unit in enabled {
            let name = unit.name.split(separator: ".").first.map(String.init) ?? unit.name
            let stem = name.split(separator: "@").first.map(String.init) ?? name
            if programs.contains(stem) || programs.contains(where: { stem.hasPrefix($0 + "-") })
                || names.contains(where: { stem == $0 || stem == $0 + "d" })
            {
                places.append(Evidence(path: unit.path, detail: "enabled at boot: \(unit.name)"))
            }
        }
        return places
    }

    /// inittab entries and systemd getty settings that give a shell without a login.
    func consoleShells() -> [Evidence] {
        var found: [Evidence] = []
        let shells: Set<String> = ["sh", "ash", "bash", "dash", "hush", "zsh", "ksh"]
        for line in inittab {
            // busybox: id::action:process; SysV: id:runlevels:action:process.
            let fields = line.text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4 else { continue }
            let action = fields[2].trimmingCharacters(in: .whitespaces)
            let process = fields[3].trimmingCharacters(in: .whitespaces)
            var arguments = process.split(separator: " ").map { String($0) }
            // `/bin/busybox sh` is the shell too.
            if arguments.count > 1, Self.basename(arguments[0]) == "busybox" { arguments.removeFirst() }
            let program = Self.basename(String((arguments.first ?? "").drop { $0 == "-" }))
            let getty = Self.words(process).contains { $0.hasSuffix("getty") }
            // An interactive shell: no script to run (options only), started where someone can type.
            let interactive =
                shells.contains(program) && arguments.dropFirst().allSatisfy { $0.hasPrefix("-") && $0 != "-c" }
                && ["respawn", "askfirst", "once", "wait", "sysinit"].contains(action)
            if interactive
                || (getty
                    && (process.contains("--autologin") || process.contains(" -a ") || process.contains("-n -l")
                        || process.contains("--skip-login")))
                || (Self.basename(program) == "login" && process.contains(" -f "))
            {
                found.append(Evidence(path: line.path, line: line.number, detail: line.text))
            }
        }
        for path in context.files.map(\.path)
        where path.contains("getty") && (path.hasPrefix("/etc/systemd/") || path.hasPrefix("/usr/lib/systemd/"))
            && (path.hasSuffix(".conf") || path.hasSuffix(".service"))
        {
            for line in lines(path) where line.text.hasPrefix("ExecStart=") {
                let text = line.text
                if text.contains("--autologin") || text.range(of: #"\s-a\s"#, options: .regularExpression) != nil {
                    found.append(Evidence(path: path, line: line.number, detail: text))
                }
            }
        }
        return found
    }

    /// A file's meaningful lines: comments and blank lines left out, numbered from 1.
    func lines(_ path: String) -> [Line] {
        guard let text = context.text(path) else { return [] }
        var result: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            result.append(Line(path: path, number: index + 1, text: line))
        }
        return result
    }

    /// The words of a command line, each reduced to its file name (`/usr/sbin/telnetd` → `telnetd`).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { " \t;&|=\"'".contains($0) }).map { basename(String($0)) }
    }

    static func basename(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
