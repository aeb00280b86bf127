/// Text that came from outside (a file name, a Helm `# Source:` comment), made safe to show on a terminal: control
/// characters (C0, DEL, C1) and invisible format characters (bidirectional overrides, zero-width marks) become
/// `\u{…}`, a backslash becomes `\\` so that the escape cannot be forged; everything else is left as it is.
enum ShownText {
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            if scalar == "\\" {
                out += "\\\\"
            } else if category == .control || category == .format {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
