import TestSupport
import Testing

/// Secrets never reach a log or a message: URLs and libpq conninfo strings alike.
@Suite struct RedactionTests {
    @Test(arguments: [
        ("postgresql://gsan:s3cr3t@127.0.0.1:5433/gsan", "postgresql://gsan:***@127.0.0.1:5433/gsan"),
        ("amqp://gsan:s3cr3t@127.0.0.1:5673/gsan", "amqp://gsan:***@127.0.0.1:5673/gsan"),
        ("postgresql://gsan:s3cr3t@h/db?sslmode=verify-full&sslrootcert=/x/ca.pem",
         "postgresql://gsan:***@h/db?sslmode=verify-full&sslrootcert=/x/ca.pem"),
        ("postgresql://h/db?user=gsan&password=s3cr3t&sslmode=require", "postgresql://h/db?user=gsan&password=***&sslmode=require"),
        ("postgresql://a:b@c@h/db", "postgresql://a:***@h/db"),
        ("host=127.0.0.1 port=5433 user=gsan password=s3cr3t dbname=gsan",
         "host=127.0.0.1 port=5433 user=gsan password=*** dbname=gsan"),
        ("host=h password = 's3 cr\\'3t' dbname=gsan", "host=h password = *** dbname=gsan"),
        ("host=h PASSWORD=s3cr3t sslpassword=k3y", "host=h PASSWORD=*** sslpassword=***"),
        ("host=h dbname=gsan", "host=h dbname=gsan"),
    ])
    func passwordsAreRedacted(_ input: String, _ expected: String) {
        #expect(redactingPassword(input) == expected)
        #expect(!redactingPassword(input).contains("s3cr3t") && !redactingPassword(input).contains("k3y"))
    }
}
