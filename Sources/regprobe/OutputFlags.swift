import ArgumentParser

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit
}

struct OutputFlags: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: text or json (and junit for scan).")
    var format: OutputFormat = .text

    @Flag(name: [.short, .long], help: "Show each request (method, URL, status, time) on stderr; credentials are never shown.")
    var verbose = false
}
