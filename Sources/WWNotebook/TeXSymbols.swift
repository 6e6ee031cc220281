/// The TeX commands ``TeXMathML`` knows, by what they become in MathML. The subset is what
/// notebooks about weight matrices write: Greek letters, relations, operators, arrows, big
/// operators, function names, accents and spacing (the lists follow LaTeX's own symbol
/// tables; anything else shows as an error box naming the command, never as raw markup).
enum TeXSymbols {
    /// Letters set as identifiers (`<mi>`); upper-case Greek is upright, as in LaTeX.
    static let letters: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
        "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
        "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "ell": "ℓ", "hbar": "ℏ", "imath": "ı", "jmath": "ȷ", "wp": "℘", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ",
    ]

    static let uprightLetters: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Symbols that are neither letters nor operators (`<mi>`, upright).
    static let ordinary: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "emptyset": "∅", "varnothing": "∅",
        "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬", "top": "⊤", "bot": "⊥",
        "angle": "∠", "triangle": "△", "prime": "′", "dagger": "†", "ddagger": "‡", "star": "⋆",
        "checkmark": "✓", "Box": "□", "diamond": "⋄", "clubsuit": "♣", "heartsuit": "♡",
        "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱",
        "%": "%", "$": "$", "#": "#", "&": "&", "_": "_",
    ]

    /// Operators, relations, arrows and fences (`<mo>`).
    static let operators: [String: String] = [
        "pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "⋅", "ast": "∗", "circ": "∘",
        "bullet": "∙", "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "odot": "⊙", "oslash": "⊘",
        "cup": "∪", "cap": "∩", "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "ll": "≪", "gg": "≫",
        "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝",
        "doteq": "≐", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰", "lesssim": "≲", "gtrsim": "≳",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
        "supseteq": "⊇", "perp": "⟂", "parallel": "∥", "mid": "∣", "nmid": "∤", "vdash": "⊢", "models": "⊨",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸",
        "iff": "⟺", "mapsto": "↦", "longrightarrow": "⟶", "longleftarrow": "⟵", "longmapsto": "⟼",
        "uparrow": "↑", "downarrow": "↓", "nearrow": "↗", "searrow": "↘",
        "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
        "|": "‖", "vert": "|", "Vert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "colon": ":", "coloneqq": "≔",
    ]

    /// Big operators: limits go under and over in display maths.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁",
        "bigotimes": "⨂", "bigvee": "⋁", "bigwedge": "⋀",
    ]

    /// Integrals: limits stay beside the sign, as LaTeX sets them.
    static let integrals: [String: String] = [
        "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
    ]

    /// Function names set upright; those in `limitFunctions` take limits under them in display.
    static let functions: Set<String> = [
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh",
        "tanh", "coth", "log", "ln", "lg", "exp", "det", "dim", "ker", "deg", "gcd", "hom", "arg",
        "Pr", "max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin", "tr", "diag", "rank", "sgn",
    ]

    static let limitFunctions: Set<String> = ["max", "min", "sup", "inf", "lim", "liminf", "limsup", "argmax", "argmin", "Pr", "gcd", "det"]

    /// Accents (`\hat{x}`): the mark set over (or under) the argument.
    static let accents: [String: (mark: String, isUnder: Bool, stretches: Bool)] = [
        "hat": ("^", false, false), "widehat": ("^", false, true), "bar": ("¯", false, false),
        "overline": ("¯", false, true), "tilde": ("~", false, false), "widetilde": ("~", false, true),
        "vec": ("→", false, false), "dot": ("˙", false, false), "ddot": ("¨", false, false),
        "check": ("ˇ", false, false), "breve": ("˘", false, false), "acute": ("´", false, false),
        "grave": ("`", false, false), "overrightarrow": ("→", false, true),
        "underline": ("_", true, true), "underbrace": ("⏟", true, true), "overbrace": ("⏞", false, true),
    ]

    /// Spacing commands, as widths in em.
    static let spaces: [String: String] = [
        ",": "0.1667em", ":": "0.2222em", ">": "0.2222em", ";": "0.2778em", " ": "0.25em",
        "!": "-0.1667em", "quad": "1em", "qquad": "2em", "enspace": "0.5em", "thinspace": "0.1667em",
    ]

    /// Commands with no output of their own (size and style switches MathML decides itself).
    static let ignored: Set<String> = [
        "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "nonumber", "notag",
        "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
    ]

    /// Letter styles (`\mathbf{W}`): MathML Core renders only `mathvariant="normal"`, so bold,
    /// double-struck, calligraphic and the rest become the Unicode mathematical letters.
    enum Alphabet: String {
        case bold, doubleStruck, calligraphic, fraktur, sansSerif, monospace, upright

        init?(command: String) {
            switch command {
            case "mathbf", "boldsymbol", "bm", "bf": self = .bold
            case "mathbb", "Bbb": self = .doubleStruck
            case "mathcal", "cal": self = .calligraphic
            case "mathfrak": self = .fraktur
            case "mathsf": self = .sansSerif
            case "mathtt": self = .monospace
            case "mathrm", "rm", "mathup", "mathit", "mathnormal": self = .upright
            default: return nil
            }
        }

        /// First code points of the capital letters, small letters and digits (nil: none).
        private var bases: (capital: UInt32, small: UInt32, digit: UInt32?) {
            switch self {
            case .bold: return (0x1D400, 0x1D41A, 0x1D7CE)
            case .doubleStruck: return (0x1D538, 0x1D552, 0x1D7D8)
            case .calligraphic: return (0x1D49C, 0x1D4B6, nil)
            case .fraktur: return (0x1D504, 0x1D51E, nil)
            case .sansSerif: return (0x1D5A0, 0x1D5BA, 0x1D7E2)
            case .monospace: return (0x1D670, 0x1D68A, 0x1D7F6)
            case .upright: return (0x41, 0x61, 0x30)
            }
        }

        /// Letters Unicode had before the mathematical alphabets (the gaps in those blocks).
        private static let exceptions: [Alphabet: [Character: Character]] = [
            .doubleStruck: ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"],
            .calligraphic: ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                            "e": "ℯ", "g": "ℊ", "o": "ℴ"],
            .fraktur: ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"],
        ]

        func map(_ character: Character) -> Character {
            if let special = Self.exceptions[self]?[character] { return special }
            guard let ascii = character.asciiValue else { return character }
            let value = UInt32(ascii)
            let mapped: UInt32?
            switch ascii {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): mapped = bases.capital + value - 0x41
            case UInt8(ascii: "a")...UInt8(ascii: "z"): mapped = bases.small + value - 0x61
            case UInt8(ascii: "0")...UInt8(ascii: "9"): mapped = bases.digit.map { $0 + value - 0x30 }
            default: mapped = nil
            }
            return mapped.flatMap(Unicode.Scalar.init).map(Character.init) ?? character
        }
    }
}
