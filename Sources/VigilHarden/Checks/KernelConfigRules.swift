/// The rule table: the recommendations as data, each with its source. The model is in KernelConfigChecks.swift.
extension KernelConfigRule {
    private static let kspp = "KSPP recommended settings"
    private static let ksppX86 = "KSPP recommended settings, x86_64"
    private static let ksppARM64 = "KSPP recommended settings, arm64"
    private static let ksppARM = "KSPP recommended settings, arm"
    private static let defconfig = "kernel defconfig"
    private static let clipOS = "CLIP OS kernel configuration"
    private static let grsecurity = "grsecurity"
    private static let lockdown = "kernel lockdown LSM, which blocks it at run time"
    private static let noModules = KernelConfigCondition.off("MODULES")

    /// Every rule, in the order they are reported: self-protection, architecture-specific protection, security
    /// policy, then attack surface. Written from the KSPP "Recommended Settings" page and the sources each names.
    static let all: [KernelConfigRule] = protection + architectureProtection + policy + surface

    private static let protection: [KernelConfigRule] = [
        rule(
            .medium, .protection, "BUG() reporting disabled", [.y("BUG")], kspp,
            "Without BUG(), detected corruption of kernel state is neither reported nor stopped"),
        rule(
            .high, .protection, "Kernel code and read-only data not write-protected",
            [.y("STRICT_KERNEL_RWX"), .y("DEBUG_RODATA")], kspp,
            "Maps kernel text read-only and data non-executable, so a kernel write primitive cannot patch code "
                + "(DEBUG_RODATA is the name before Linux 4.11)"),
        rule(
            .medium, .protection, "Module memory not write-protected",
            [.y("STRICT_MODULE_RWX"), .y("DEBUG_SET_MODULE_RONX"), noModules], kspp,
            "Does for loadable modules what STRICT_KERNEL_RWX does for the kernel image"),
        rule(
            .low, .protection, "W+X kernel mappings not reported", [.y("DEBUG_WX")], kspp,
            "Warns at boot about kernel memory that is both writable and executable"),
        rule(
            .high, .protection, "Kernel stack protector not strong",
            [.y("STACKPROTECTOR_STRONG"), .y("CC_STACKPROTECTOR_STRONG")], kspp,
            "-fstack-protector-strong puts canaries in every function with a local array or address-taken local, "
                + "so a kernel stack overflow is caught before it returns (CC_ prefix before Linux 4.18)"),
        rule(
            .high, .protection, "Kernel stacks without guard pages", [.y("VMAP_STACK")], on: [.x86_64, .arm64],
            kspp,
            "Allocates kernel stacks in vmalloc space with guard pages, so a stack overflow or a deep "
                + "recursion faults instead of overwriting the neighbouring memory"),
        rule(
            .high, .protection, "Hardened usercopy disabled", [.y("HARDENED_USERCOPY")], kspp,
            "Checks the bounds of every copy between user space and kernel heap or stack objects, stopping "
                + "the heap overflows and leaks that copy_to_user/copy_from_user bugs cause"),
        rule(
            .low, .protection, "Hardened usercopy falls back to warning",
            [.off("HARDENED_USERCOPY_FALLBACK")], kspp,
            "With the fallback, a copy outside a slab cache's allowed region only warns instead of being stopped"),
        rule(
            .medium, .protection, "Fortified string functions disabled", [.y("FORTIFY_SOURCE")], kspp,
            "Checks the kernel's str*() and mem*() calls against known object sizes at build and run time"),
        rule(
            .medium, .protection, "Slab freelists not randomised", [.y("SLAB_FREELIST_RANDOM")], kspp,
            "Randomises the order of new slab objects, so heap overflows cannot count on a neighbour"),
        rule(
            .medium, .protection, "Slab freelist metadata not hardened", [.y("SLAB_FREELIST_HARDENED")], kspp,
            "Obfuscates and checks slab freelist pointers, defeating freelist-poisoning exploits"),
        rule(
            .medium, .protection, "Slab caches merged", [.off("SLAB_MERGE_DEFAULT")], kspp,
            "Merging caches of equal object size lets an overflow in one kind of object reach another "
                + "(same as the slab_nomerge boot parameter)"),
        rule(
            .low, .protection, "kmalloc caches not randomised", [.y("RANDOM_KMALLOC_CACHES")], kspp,
            "Spreads kmalloc allocations over several caches chosen per call site, making heap spraying "
                + "unreliable (Linux 6.6 and later)"),
        rule(
            .low, .protection, "Page allocator not shuffled", [.y("SHUFFLE_PAGE_ALLOCATOR")], kspp,
            "Randomises the page allocator's free lists (with page_alloc.shuffle=1)"),
        rule(
            .medium, .protection, "Heap memory not zeroed on allocation", [.y("INIT_ON_ALLOC_DEFAULT_ON")], kspp,
            "Zeroes page and slab allocations, so stale data is neither leaked nor used uninitialised"),
        rule(
            .low, .protection, "Heap memory not zeroed when freed", [.y("INIT_ON_FREE_DEFAULT_ON")], kspp,
            "Wipes freed memory, shortening the lifetime of secrets such as keys and patient data in RAM"),
        rule(
            .medium, .protection, "Stack variables not initialised",
            [.y("INIT_STACK_ALL_ZERO"), .y("GCC_PLUGIN_STRUCTLEAK_BYREF_ALL")], kspp,
            "Zero-initialises kernel stack variables, closing uninitialised-memory leaks and use"),
        rule(
            .low, .protection, "Data corruption does not stop the kernel", [.y("BUG_ON_DATA_CORRUPTION")], kspp,
            "Turns detected corruption of lists and other structures into a BUG() instead of a warning"),
        rule(
            .low, .protection, "Stack end not checked on schedule", [.y("SCHED_STACK_END_CHECK")], kspp,
            "Checks for an overrun of the end of the kernel stack on every context switch"),
        rule(
            .low, .protection, "Linked-list debugging checks disabled", [.y("DEBUG_LIST")], kspp,
            "Validates list pointers on every list operation, stopping list-unlinking exploits"),
        rule(
            .low, .protection, "Linked-list hardening disabled", [.y("LIST_HARDENED"), .y("DEBUG_LIST")], kspp,
            "Cheap integrity checks on list operations (Linux 6.6 and later; DEBUG_LIST does more)"),
        rule(
            .low, .protection, "Scatterlist checks disabled", [.y("DEBUG_SG")], kspp,
            "Validates scatter-gather tables used by drivers"),
        rule(
            .low, .protection, "Credential checks disabled", [.y("DEBUG_CREDENTIALS")], ifPresent: true, kspp,
            "Validates credential structures (option removed in Linux 6.6)"),
        rule(
            .low, .protection, "Notifier chain checks disabled", [.y("DEBUG_NOTIFIERS")], kspp,
            "Checks that notifier callbacks point into kernel text, stopping hijacked notifier chains"),
        rule(
            .low, .protection, "Virtual-to-physical conversion checks disabled", [.y("DEBUG_VIRTUAL")], kspp,
            "Checks the arguments of virt_to_phys() and similar conversions"),
        rule(
            .low, .protection, "Slab allocator validation unavailable", [.y("SLUB_DEBUG")], kspp,
            "Lets allocator consistency checks be enabled at boot (slub_debug)"),
        rule(
            .low, .protection, "Full reference count checks disabled", [.y("REFCOUNT_FULL")], ifPresent: true,
            kspp, "Catches reference count overflows that lead to use-after-free (always on since Linux 5.5)"),
        rule(
            .low, .protection, "Caller-used registers not zeroed", [.y("ZERO_CALL_USED_REGS")], kspp,
            "Clears registers on function return, removing ROP gadgets and stale data"),
        rule(
            .medium, .protection, "Structure layout not randomised",
            [.y("RANDSTRUCT_FULL"), .y("RANDSTRUCT_PERFORMANCE"), .y("GCC_PLUGIN_RANDSTRUCT")], kspp,
            "Randomises the layout of sensitive kernel structures per build, so an exploit written for one firmware "
                + "build does not fit another (the seed must stay private)"),
        rule(
            .low, .protection, "User-mode helper not static", [.y("STATIC_USERMODEHELPER")], kspp,
            "Routes every kernel-launched user-mode helper through one fixed program, so a corrupted helper path "
                + "cannot run an attacker's binary as root"),
        rule(
            .low, .protection, "KFENCE memory error detector disabled", [.y("KFENCE")], kspp,
            "Samples heap allocations for out-of-bounds and use-after-free with almost no overhead"),
        rule(
            .low, .protection, "Array bounds sanitiser disabled", [.y("UBSAN_BOUNDS")], kspp,
            "Checks array indexes at run time"),
        rule(
            .low, .protection, "Sanitiser findings do not trap", [.y("UBSAN_TRAP")], kspp,
            "Makes a UBSAN finding stop the offending code rather than only log"),
        rule(
            .low, .protection, "Oops does not panic", [.y("PANIC_ON_OOPS")], kspp,
            "An oops leaves the kernel running in a possibly attacker-controlled state; the device's safety case "
                + "must agree to reboot on oops"),
        rule(
            .medium, .protection, "Kernel log readable by all users", [.y("SECURITY_DMESG_RESTRICT")],
            cwe: "CWE-200", kspp, "Restricts dmesg to privileged users, keeping kernel addresses from attackers"),
        rule(
            .low, .protection, "SYN cookies disabled", [.y("SYN_COOKIES")], kspp,
            "Protects the network stack against SYN floods"),
        rule(
            .low, .protection, "IOMMU not strict by default", [.y("IOMMU_DEFAULT_DMA_STRICT")],
            on: [.x86_64, .arm64], kspp,
            "Invalidates IOMMU TLBs synchronously, so devices never reach memory after it is unmapped"),
        rule(
            .high, .protection, "Kernel address space layout not randomised", [.y("RANDOMIZE_BASE")],
            on: [.x86_64, .x86_32, .arm64], kspp,
            "KASLR moves the kernel image at each boot, so exploits need an address leak"),
        rule(
            .medium, .protection, "Kernel stack offset not randomised", [.y("RANDOMIZE_KSTACK_OFFSET_DEFAULT")],
            on: [.x86_64, .arm64], kspp, "Randomises the kernel stack offset on each system call (Linux 5.13 and later)"
        ),
        rule(
            .low, .protection, "Kernel control-flow integrity disabled", [.y("CFI_CLANG")], on: [.x86_64, .arm64],
            kspp, "Checks indirect call targets against their type (Clang builds)"),
        rule(
            .medium, .protection, "Low virtual memory mappable",
            [
                .atLeast("DEFAULT_MMAP_MIN_ADDR", 65536, on: KernelArchitecture.x86),
                .atLeast("DEFAULT_MMAP_MIN_ADDR", 32768, on: [.arm64, .arm, .riscv]),
            ],
            kspp,
            "Keeps user space from mapping the lowest pages, so kernel NULL-pointer dereferences are not "
                + "exploitable (32768 on arm, arm64 and others, whose loaders cannot take 65536)"),
    ]

    private static let architectureProtection: [KernelConfigRule] = [
        rule(
            .medium, .protection, "Kernel memory regions not randomised", [.y("RANDOMIZE_MEMORY")], on: [.x86_64],
            ksppX86, "Randomises the physical-map, vmalloc and vmemmap bases"),
        rule(
            .medium, .protection, "Kernel page-table isolation disabled",
            [.y("MITIGATION_PAGE_TABLE_ISOLATION"), .y("PAGE_TABLE_ISOLATION")], on: [.x86_64], ksppX86,
            "Unmaps the kernel while user code runs (Meltdown; named PAGE_TABLE_ISOLATION before Linux 6.9)"),
        rule(
            .medium, .protection, "Retpolines disabled", [.y("MITIGATION_RETPOLINE"), .y("RETPOLINE")],
            on: KernelArchitecture.x86, defconfig,
            "Protects indirect branches against Spectre v2 (named RETPOLINE before Linux 6.9)"),
        rule(
            .low, .protection, "Straight-line speculation not mitigated", [.y("MITIGATION_SLS"), .y("SLS")],
            on: [.x86_64], ksppX86, "Pads returns and jumps against straight-line speculation"),
        rule(
            .medium, .protection, "Legacy vsyscall page mapped",
            [.y("LEGACY_VSYSCALL_NONE"), .off("X86_VSYSCALL_EMULATION")], on: [.x86_64], ksppX86,
            "The vsyscall page sits at a fixed address in every process, a ready ROP target"),
        rule(
            .low, .protection, "Indirect branch tracking disabled", [.y("X86_KERNEL_IBT")], on: [.x86_64],
            ksppX86, "Enforces CET indirect branch tracking in the kernel (Linux 5.18 and later)"),
        rule(
            .low, .protection, "User-mode instruction prevention disabled", [.y("X86_UMIP"), .y("X86_INTEL_UMIP")],
            on: KernelArchitecture.x86, defconfig,
            "Stops user code from reading descriptor-table addresses "
                + "with SGDT, SIDT and similar instructions"),
        rule(
            .medium, .protection, "Privileged access never disabled", [.y("ARM64_PAN")], on: [.arm64], defconfig,
            "Stops the kernel from accidentally dereferencing user memory (ARMv8.1 PAN)"),
        rule(
            .low, .protection, "PAN emulation disabled", [.y("ARM64_SW_TTBR0_PAN")], on: [.arm64], ksppARM64,
            "Emulates PAN on processors older than ARMv8.1"),
        rule(
            .medium, .protection, "Kernel mapped at EL0", [.y("UNMAP_KERNEL_AT_EL0")], on: [.arm64], ksppARM64,
            "Unmaps the kernel while user code runs (Meltdown and KASLR bypasses)"),
        rule(
            .low, .protection, "Pointer authentication disabled", [.y("ARM64_PTR_AUTH")], on: [.arm64], defconfig,
            "Signs return addresses with ARMv8.3 pointer authentication"),
        rule(
            .low, .protection, "Kernel pointer authentication disabled", [.y("ARM64_PTR_AUTH_KERNEL")],
            on: [.arm64], defconfig, "Uses pointer authentication in the kernel itself (Linux 5.13 and later)"),
        rule(
            .low, .protection, "Branch target identification disabled", [.y("ARM64_BTI")], on: [.arm64], defconfig,
            "Restricts indirect branch targets (ARMv8.5 BTI)"),
        rule(
            .low, .protection, "Kernel branch target identification disabled", [.y("ARM64_BTI_KERNEL")],
            on: [.arm64], defconfig, "Uses BTI in the kernel itself"),
        rule(
            .low, .protection, "Return addresses not protected",
            [.y("SHADOW_CALL_STACK"), .y("ARM64_PTR_AUTH_KERNEL")], on: [.arm64], ksppARM64,
            "A shadow call stack, or pointer authentication, keeps return addresses out of an overflow's reach"),
        rule(
            .low, .protection, "Linear map not read-only", [.y("RODATA_FULL_DEFAULT_ENABLED")], on: [.arm64],
            defconfig, "Applies read-only permissions to the linear-map aliases of kernel memory too"),
        rule(
            .low, .protection, "E0PD disabled", [.y("ARM64_E0PD")], on: [.arm64], defconfig,
            "Hides kernel addresses from user-space timing probes (ARMv8.5)"),
        rule(
            .low, .protection, "Branch history injection not mitigated", [.y("MITIGATE_SPECTRE_BRANCH_HISTORY")],
            on: [.arm64], defconfig, "Mitigates Spectre-BHB"),
        rule(
            .medium, .protection, "Branch predictor not hardened", [.y("HARDEN_BRANCH_PREDICTOR")],
            on: [.arm, .arm64], ifPresent: true, defconfig,
            "Invalidates the branch predictor on context switches where the processor needs it (Spectre v2)"),
        rule(
            .medium, .protection, "Software PAN disabled", [.y("CPU_SW_DOMAIN_PAN")], on: [.arm], ksppARM,
            "Stops the kernel from accidentally dereferencing user memory, with ARM domains"),
    ]

    private static let policy: [KernelConfigRule] = [
        rule(
            .medium, .policy, "Yama LSM not built", [.y("SECURITY_YAMA")], kspp,
            "Yama restricts ptrace to a process's descendants, so one compromised service cannot read another's "
                + "memory"),
        rule(
            .medium, .policy, "Yama not in the LSM list", [.lists("LSM", "yama"), .absent("LSM")],
            key: "LSM-YAMA", kspp, "From Linux 5.1 only the LSMs named in CONFIG_LSM start by default"),
        rule(
            .medium, .policy, "Lockdown LSM not built", [.y("SECURITY_LOCKDOWN_LSM")], kspp,
            "Lockdown draws a line between root and the kernel: no unsigned modules, /dev/mem, kexec or kprobes"),
        rule(
            .medium, .policy, "Lockdown not in the LSM list", [.lists("LSM", "lockdown")], key: "LSM-LOCKDOWN",
            kspp, "A lockdown LSM that is built but not listed in CONFIG_LSM does not run"),
        rule(
            .low, .policy, "Lockdown not initialised early", [.y("SECURITY_LOCKDOWN_LSM_EARLY")], kspp,
            "Starts lockdown before other LSMs, so early boot is covered"),
        rule(
            .medium, .policy, "Lockdown not enforced", [.y("LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY")], kspp,
            "Without a forced mode, lockdown stays off unless the boot command line asks for it"),
        rule(
            .low, .policy, "Landlock LSM not built", [.y("SECURITY_LANDLOCK")], kspp,
            "Lets services sandbox themselves without privileges"),
        rule(
            .low, .policy, "SELinux can boot permissive", [.off("SECURITY_SELINUX_DEVELOP")], kspp,
            "Development mode lets SELinux run permissive from the command line"),
        rule(
            .low, .policy, "SELinux can be disabled at boot", [.off("SECURITY_SELINUX_BOOTPARAM")], kspp,
            "The selinux= boot parameter can turn SELinux off"),
        rule(
            .medium, .policy, "Module signatures not checked", [.y("MODULE_SIG"), noModules], cwe: "CWE-347",
            kspp, "Module signature checking is the basis of refusing modules the vendor did not build"),
        rule(
            .high, .policy, "Unsigned modules load", [.y("MODULE_SIG_FORCE"), noModules], cwe: "CWE-347", kspp,
            "Without enforcement an unsigned or wrongly signed module still loads: root can run any code in the "
                + "kernel"),
        rule(
            .low, .policy, "Modules not signed at build", [.y("MODULE_SIG_ALL"), noModules], cwe: "CWE-347",
            kspp, "Signs every module during the build, with a per-build key"),
        rule(
            .low, .policy, "Modules not signed with SHA-512",
            [.y("MODULE_SIG_SHA512"), .y("MODULE_SIG_SHA3_512"), noModules], cwe: "CWE-328", kspp,
            "KSPP asks for the strongest module signature hash"),
        rule(
            .low, .policy, "Forced module loading allowed", [.off("MODULE_FORCE_LOAD")], kspp,
            "Forced loading skips the version checks of a module"),
        rule(
            .medium, .policy, "Seccomp disabled", [.y("SECCOMP")], defconfig,
            "Services cannot restrict the system calls they make"),
        rule(
            .medium, .policy, "Seccomp filters disabled", [.y("SECCOMP_FILTER")], defconfig,
            "Seccomp BPF filters are what systemd and sandboxes use to cut system-call attack surface"),
        rule(
            .medium, .policy, "Unprivileged BPF allowed by default",
            [.y("BPF_UNPRIV_DEFAULT_OFF"), .off("BPF_SYSCALL")], defconfig,
            "The BPF verifier is a frequent source of kernel exploits; unprivileged users should not reach it"),
    ]

    private static let surface: [KernelConfigRule] = [
        rule(
            .high, .surface, "Unrestricted /dev/mem", [.y("STRICT_DEVMEM"), .off("DEVMEM")], kspp,
            "/dev/mem without STRICT_DEVMEM lets root read and write all physical memory, kernel included"),
        rule(
            .medium, .surface, "/dev/mem reaches busy I/O memory", [.y("IO_STRICT_DEVMEM"), .off("DEVMEM")], kspp,
            "Keeps /dev/mem away from I/O memory that a driver has claimed"),
        rule(
            .high, .surface, "/dev/kmem present", [.off("DEVKMEM")], kspp,
            "/dev/kmem lets root write kernel virtual memory (removed in Linux 5.13)"),
        rule(
            .medium, .surface, "/proc/kcore present", [.off("PROC_KCORE")], cwe: "CWE-200", kspp,
            "/proc/kcore exposes kernel memory and its layout"),
        rule(
            .high, .surface, "ACPI custom methods allowed", [.off("ACPI_CUSTOM_METHOD")], kspp,
            "Lets root write ACPI methods, and through them physical memory"),
        rule(
            .low, .surface, "Heap randomisation disabled for old binaries", [.off("COMPAT_BRK")], kspp,
            "COMPAT_BRK turns off brk() randomisation"),
        rule(
            .low, .surface, "vDSO at a fixed address", [.off("COMPAT_VDSO")], on: KernelArchitecture.x86, kspp,
            "COMPAT_VDSO maps the vDSO at a fixed address for very old C libraries"),
        rule(
            .medium, .surface, "kexec enabled", [.off("KEXEC")], kspp,
            "kexec replaces the running kernel with any image root supplies, bypassing secure boot"),
        rule(
            .medium, .surface, "Unsigned kexec_file_load allowed",
            [.off("KEXEC_FILE"), .y("KEXEC_SIG_FORCE"), .y("KEXEC_VERIFY_SIG")], clipOS,
            "kexec_file_load without enforced signatures replaces the kernel with an unverified image"),
        rule(
            .medium, .surface, "Hibernation enabled", [.off("HIBERNATION")], kspp,
            "Resuming from a hibernation image lets whoever can write the swap device replace kernel memory"),
        rule(
            .low, .surface, "Miscellaneous binary formats enabled", [.off("BINFMT_MISC")], kspp,
            "binfmt_misc runs interpreters chosen by configuration, easy to misuse"),
        rule(.low, .surface, "Legacy PTYs enabled", [.off("LEGACY_PTYS")], kspp, "Use the devpts interface only"),
        rule(
            .low, .surface, "TIOCSTI terminal injection allowed", [.offExplicitly("LEGACY_TIOCSTI"), .off("TTY")],
            kspp,
            "TIOCSTI lets a process type commands into another's terminal; kernels before 6.2 have no "
                + "option and always allow it"),
        rule(
            .medium, .surface, "userfaultfd enabled", [.off("USERFAULTFD")], grsecurity,
            "userfaultfd lets unprivileged code stall kernel memory accesses, widening race windows in exploits"),
        rule(
            .medium, .surface, "TTY line disciplines autoload", [.off("LDISC_AUTOLOAD")], kspp,
            "Any user can load line discipline modules, rarely used and often buggy"),
        rule(
            .medium, .surface, "Magic SysRq enabled", [.off("MAGIC_SYSRQ")], clipOS,
            "SysRq keys on a console or serial line can reboot, dump memory state and kill processes"),
        rule(
            .low, .surface, "Socket diagnostics interface enabled", [.off("INET_DIAG")], kspp,
            "inet_diag exposes socket details used in heap exploitation"),
        rule(
            .medium, .surface, "x32 ABI enabled", [.off("X86_X32_ABI"), .off("X86_X32")], all: true,
            on: [.x86_64], kspp, "The x32 system-call ABI is rarely used attack surface"),
        rule(
            .medium, .surface, "modify_ldt() system call enabled", [.off("MODIFY_LDT_SYSCALL")],
            on: KernelArchitecture.x86, kspp, "modify_ldt() is legacy attack surface with a history of exploits"),
        rule(
            .low, .surface, "User I/O port access allowed", [.off("X86_IOPL_IOPERM")], on: KernelArchitecture.x86,
            clipOS, "iopl() and ioperm() give processes direct access to I/O ports"),
        rule(
            .low, .surface, "32-bit compatibility enabled", [.off("COMPAT")], on: [.x86_64, .arm64], kspp,
            "The 32-bit system-call layer doubles the system-call attack surface"),
        rule(
            .low, .surface, "OABI compatibility enabled", [.off("OABI_COMPAT")], on: [.arm], ksppARM,
            "The old ARM ABI is legacy attack surface"),
        rule(
            .medium, .surface, "debugfs enabled", [.off("DEBUG_FS")], cwe: "CWE-489", grsecurity,
            "debugfs exposes kernel internals and is not meant for production"),
        rule(
            .medium, .surface, "Kprobes enabled", [.off("KPROBES")], lockdown,
            "Kprobes let root insert code at any kernel instruction"),
        rule(
            .low, .surface, "Function tracer enabled", [.off("FTRACE")], cwe: "CWE-489", grsecurity,
            "ftrace can trace and patch kernel functions and leaks kernel addresses"),
        rule(
            .medium, .surface, "Kernel debugger enabled", [.off("KGDB")], cwe: "CWE-489", grsecurity,
            "KGDB over a serial line gives full control of the kernel"),
        rule(
            .low, .surface, "Crash test module enabled", [.off("LKDTM")], cwe: "CWE-489", grsecurity,
            "LKDTM lets root corrupt the kernel on purpose"),
        rule(
            .medium, .surface, "io_uring enabled", [.off("IO_URING")], grsecurity,
            "io_uring has been a leading source of kernel exploits; most devices do not need it"),
        rule(
            .low, .surface, "User namespaces enabled", [.off("USER_NS")], clipOS,
            "Unprivileged user namespaces expose kernel code otherwise reserved to root"),
    ]
}
