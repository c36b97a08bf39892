internal import CCrypto
import Foundation

/// The password of a reader as the field app checks it at its local login: base64 of the
/// SHA-1 of the UTF-8 password (FIELD-APP-PROTOCOL.md §5.3). Only this digest is stored and
/// sent in the route file (record 11, field 13); the password itself never is.
public enum SenhaCelular {
    public static func hash(_ senha: String) -> String {
        var digest = [UInt8](repeating: 0, count: 20)
        let bytes = Array(senha.utf8)
        var length: UInt32 = 0
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest context") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha1(), nil) == 1, EVP_DigestUpdate(context, bytes, bytes.count) == 1,
            EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 20
        else { fatalError("libcrypto could not compute SHA-1") }
        return Data(digest).base64EncodedString()
    }
}
