/// Says in words what a TLS failure was and what fixes it, from curl's code and text (OpenSSL's reason
/// strings). The result is appended to the message; curl's own text stays in it too.
public enum TLSDiagnosis {
    public static func explain(_ error: TransportError, host: String) -> String? {
        let text = error.message.lowercased()
        let certsDir = "/etc/docker/certs.d/\(host)/"
        switch error.code {
        case 35 where text.contains("wrong version number") || text.contains("packet length too long"):
            return "server gave HTTP response to HTTPS client: this registry speaks plain HTTP"
        case _
        where [35, 55, 56].contains(error.code)
            && (text.contains("certificate required") || text.contains("alert handshake failure")
                || text.contains("alert bad certificate") || text.contains("peer did not return a certificate")):
            return
                "the registry requires a client certificate: client.cert and client.key belong in \(certsDir)"
        case 60 where text.contains("expired"):
            return "the registry's certificate has expired (or this machine's clock is wrong)"
        case 60 where text.contains("not yet valid"):
            return "the registry's certificate is not valid yet (or this machine's clock is wrong)"
        case 60 where text.contains("subject name") || text.contains("does not match") || text.contains("hostname"):
            return "the registry's certificate is not issued for \(host): use the host name it was issued for"
        case 60:
            return
                "the registry's certificate is signed by a CA this machine does not trust (a CA file, or ca.crt in \(certsDir), would add it)"
        case 58:
            return
                "the client certificate or key could not be used: check the .cert/.key pair in \(certsDir)"
        case 77:
            return "the CA file could not be read: check its path (the CA file option, or SSL_CERT_FILE)"
        default:
            return nil
        }
    }
}
