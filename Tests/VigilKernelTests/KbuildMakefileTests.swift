import Testing
import VigilCore

@testable import VigilKernel

/// The Kbuild Makefile evaluator: assignments, conditionals over the .config, what it marks uncertain, and input it
/// must survive.
@Suite struct KbuildMakefileTests {
    static let config = KernelConfig(options: [
        "CONFIG_X86": "y", "CONFIG_64BIT": "y", "CONFIG_NET": "y", "CONFIG_FOU": "m", "CONFIG_HZ": "250",
    ])

    static func evaluate(_ text: String) -> KbuildMakefile {
        KbuildMakefile(text: text, location: "t/Makefile", config: config)
    }

    static func texts(_ makefile: KbuildMakefile, _ name: String) -> [String] { makefile.words(name).map(\.text) }

    @Test("obj-$(CONFIG_X) lands in obj-y, obj-m or obj- with the symbol; continuation lines and comments")
    func objectLists() {
        let makefile = Self.evaluate(
            """
            # a comment
            obj-y := a.o b.o \\
            \tc.o   # trailing comment
            obj-$(CONFIG_NET) += net.o
            obj-$(CONFIG_FOU) += fou.o
            obj-$(CONFIG_BT) += bt.o bt/
            fou-y := fou_core.o fou_nl.o
            fou-$(CONFIG_BT) += fou_bt.o
            """)
        #expect(Self.texts(makefile, "obj-y") == ["a.o", "b.o", "c.o", "net.o"])
        #expect(Self.texts(makefile, "obj-m") == ["fou.o"])
        #expect(Self.texts(makefile, "obj-") == ["bt.o", "bt/"])
        #expect(makefile.words("obj-").allSatisfy { $0.certain && $0.symbols == ["CONFIG_BT"] })
        #expect(Self.texts(makefile, "fou-") == ["fou_bt.o"])
        #expect(makefile.words("obj-y").last?.symbols == ["CONFIG_NET"])
    }

    @Test("ifeq, ifneq, ifdef, ifndef, else ifeq, nesting; branches not taken are skipped")
    func conditionals() {
        let makefile = Self.evaluate(
            """
            ifeq ($(CONFIG_NET),y)
            obj-y += on.o
            else
            obj-y += off.o
            endif
            ifneq ($(CONFIG_BT),)
            obj-y += bt.o
            else ifeq ($(CONFIG_FOU),m)
            obj-y += fou-module.o
            else
            obj-y += neither.o
            endif
            ifdef CONFIG_64BIT
              ifndef CONFIG_BT
            obj-y += nested.o
              endif
            endif
            ifeq "$(CONFIG_HZ)" "250"
            obj-y += hz.o
            endif
            """)
        #expect(Self.texts(makefile, "obj-y") == ["on.o", "fou-module.o", "nested.o", "hz.o"])
        #expect(makefile.words("obj-y").allSatisfy { $0.certain })
        #expect(makefile.words("obj-y")[1].symbols.isSuperset(of: ["CONFIG_BT", "CONFIG_FOU"]))
    }

    @Test("what cannot be evaluated is kept but uncertain: unknown conditions, functions, undefined variables")
    func uncertainty() {
        let makefile = Self.evaluate(
            """
            ifeq ($(call cc-option-yn,-mfoo),y)
            obj-y += maybe.o
            endif
            obj-y += $(patsubst %.c,%.o,$(wildcard *.c))
            obj-$(UNDEFINED) += who.o
            obj-y += sure.o
            objs := x.o y.o
            obj-y += $(objs)
            obj-$(subst m,y,$(CONFIG_FOU)) += substituted.o
            obj-y += foo_$(BITS).o arch-$(SRCARCH).o
            """)
        let words = makefile.words("obj-y")
        #expect(words.first { $0.text == "maybe.o" }?.certain == false)
        #expect(words.first { $0.text == "sure.o" }?.certain == true)
        #expect(words.first { $0.text == "x.o" }?.certain == true)
        #expect(words.first { $0.text == "substituted.o" }?.certain == true)
        #expect(Self.texts(makefile, "obj-y").contains("foo_64.o"))
        #expect(Self.texts(makefile, "obj-y").contains("arch-x86.o"))
        #expect(
            makefile.words("obj-").map(\.text) == ["who.o"] && makefile.words("obj-").allSatisfy { !$0.certain },
            "an undefined variable in a name is never proof that an option is not set")
    }

    @Test(":= under an unknown condition keeps what was there, uncertain; ?= only when undefined")
    func assignments() {
        let makefile = Self.evaluate(
            """
            a := one
            ifeq ($(shell uname),Linux)
            a := two
            endif
            b ?= first
            b ?= second
            """)
        #expect(Self.texts(makefile, "a") == ["one", "two"])
        #expect(makefile.words("a").allSatisfy { !$0.certain })
        #expect(Self.texts(makefile, "b") == ["first"])
    }

    @Test("recipes, rules, define blocks, target-specific variables and shell assignments are not lists")
    func notAssignments() {
        let makefile = Self.evaluate(
            """
            $(obj)/foo.o: CFLAGS += -O2
            foo: bar
            \tobj-y += recipe.o
            define multi
            obj-y += defined.o
            endef
            x != echo hi
            obj-y += real.o
            """)
        #expect(Self.texts(makefile, "obj-y") == ["real.o"])
        #expect(makefile.words("x").isEmpty)
    }

    @Test("tab-indented lines: read before any rule, a recipe after one (conditionals too), not after a rule not taken")
    func ruleContext() {
        let makefile = Self.evaluate(
            """
            ifdef CONFIG_NET
            \tobj-y += indented.o
            endif
            ifdef CONFIG_BT
            skipped: x
            endif
            \tobj-y += after-inactive-rule.o
            foo: bar
            \tobj-y += recipe.o
            \tifeq (a,a)
            \tobj-y += recipe-conditional.o
            \tendif
            obj-y += after.o
            """)
        #expect(Self.texts(makefile, "obj-y") == ["indented.o", "after-inactive-rule.o", "after.o"])
    }

    @Test("GNU make text functions: filter, filter-out, patsubst, addprefix, findstring, words, strip, sort, if")
    func functions() {
        let makefile = Self.evaluate(
            """
            goals := vmlinux modules
            a := $(filter %config,$(goals))
            b := $(filter-out vmlinux,$(goals))
            c := $(patsubst %.c,%.o,x.c y.c z.S)
            d := $(addprefix sub/,p.o q.o)
            e := $(findstring mod,$(goals)) $(words $(goals)) $(strip   a   b  ) $(sort c b a b)
            obj-$(if $(CONFIG_NET),y,n) += cond.o
            obj-$(if $(CONFIG_BT),y) += nocond.o
            f := $(wildcard *.c)
            """)
        #expect(Self.texts(makefile, "a").isEmpty && makefile.words("a").isEmpty)
        #expect(Self.texts(makefile, "b") == ["modules"])
        #expect(Self.texts(makefile, "c") == ["x.o", "y.o", "z.S"])
        #expect(Self.texts(makefile, "d") == ["sub/p.o", "sub/q.o"])
        #expect(Self.texts(makefile, "e") == ["mod", "2", "a", "b", "a", "b", "c"])
        #expect(Self.texts(makefile, "obj-y") == ["cond.o"] && Self.texts(makefile, "obj-") == ["nocond.o"])
        #expect(makefile.words("obj-y").allSatisfy { $0.certain && $0.symbols == ["CONFIG_NET"] })
        #expect(makefile.words("f").allSatisfy { !$0.certain })
    }

    @Test("an else ifeq that holds after an unknown ifeq: the final else is not taken")
    func elseChains() {
        let makefile = Self.evaluate(
            """
            ifeq ($(shell true),x)
            obj-y += first.o
            else ifeq ($(CONFIG_NET),y)
            obj-y += second.o
            else
            obj-y += third.o
            endif
            """)
        #expect(Self.texts(makefile, "obj-y") == ["first.o", "second.o"])
        #expect(makefile.words("obj-y").allSatisfy { !$0.certain })
    }

    @Test("a list doubling on every line stops at the word limit, uncertain, in bounded time")
    func doubling() {
        let makefile = Self.evaluate("a := x\n" + String(repeating: "a := $(a) $(a)\n", count: 40) + "obj-y += $(a)\n")
        #expect(makefile.words("a").count <= KbuildMakefile.maximumWords)
        #expect(makefile.words("a").allSatisfy { !$0.certain })
    }

    @Test("hostile input ends cleanly: unbalanced brackets and endifs, self reference, deep nesting, binary")
    func hostile() {
        _ = Self.evaluate("obj-y += $(foo\nendif\nendif\nelse\nobj-$( += x.o\n")
        let recursive = Self.evaluate("a = $(a) x\nb = $(b)\nobj-y += $(a)")
        #expect(recursive.words("a").contains { $0.text == "x" })
        let deep = String(repeating: "$(", count: 5_000) + String(repeating: ")", count: 5_000)
        _ = Self.evaluate("obj-y += " + deep)
        _ = Self.evaluate(String(repeating: "ifeq (a,b)\n", count: 10_000) + "obj-y += x.o\n")
        _ = Self.evaluate(String(decoding: (0..<4096).map { UInt8($0 % 256) }, as: UTF8.self))
    }
}
