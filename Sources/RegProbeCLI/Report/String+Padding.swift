/// A column of the text reports: the text, then spaces up to `width` characters (never cut).
extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
