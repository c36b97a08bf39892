// swift-tools-version: 6.1
// The batch side of GSAN as a message-queue driven worker pipeline.
// Layout: Core/ (C shims, clients, runtime, rules), Workers/ (executables), Tests/.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Pure targets also make every import internal unless marked public (their API names only
/// what they re-export on purpose).
let pureSwiftSettings: [SwiftSetting] = swiftSettings + [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "gsan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gsan", targets: ["GSANCLI"]),
        .executable(name: "gsan-bench", targets: ["GSANBench"]),
        .executable(name: "gsan-exemplo", targets: ["GSANExemplo"]),
        .executable(name: "gsan-scheduler", targets: ["GSANScheduler"]),
        .executable(name: "gsan-faturamento", targets: ["GSANFaturamento"]),
        .executable(name: "gsan-juscompesa", targets: ["GSANJusCompesa"]),
        .executable(name: "gsan-rotas", targets: ["GSANRotas"]),
        .executable(name: "gsan-documentos", targets: ["GSANDocumentos"]),
        .executable(name: "gsan-campo", targets: ["GSANCampo"]),
        .executable(name: "gsan-celular", targets: ["GSANCelular"]),
        .executable(name: "gsan-encerramento", targets: ["GSANEncerramento"]),
        .executable(name: "gsan-medicao", targets: ["GSANMedicao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The field app's HTTP endpoint (gsan-campo): small, no SwiftNIO; docs/campo.md says why.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // Metrics (docs/metricas.md): the runtime counts through swift-metrics' API; the executables
        // export them in Prometheus's text format (swift-prometheus: swift-atomics only, no SwiftNIO),
        // served by FlyingFox on --metricas-porta.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C libraries from Debian, through small shims
        .systemLibrary(
            name: "CRabbitMQ", path: "Core/CRabbitMQ", pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(
            name: "CLibPQ", path: "Core/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CCrypto", path: "Core/CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Core/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CHaru", path: "Core/CHaru", providers: [.apt(["libhpdf-dev"])]),
        .systemLibrary(
            name: "CTurboJPEG", path: "Core/CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]),

        // MARK: Domain values and rules (pure: no I/O)
        .target(name: "GSANModel", path: "Core/GSANModel", swiftSettings: pureSwiftSettings),
        .target(
            name: "GSANCobranca", dependencies: ["GSANModel"], path: "Core/GSANCobranca",
            swiftSettings: pureSwiftSettings),

        // The field app's wire protocol (FIELD-APP-PROTOCOL.md §1, §5): packets and answers, bytes only.
        .target(name: "ProtocoloCampo", path: "Core/ProtocoloCampo", swiftSettings: swiftSettings),
        // The readers' return file (§3): parsing, GSAN's checks, the situação life cycle; pure.
        .target(
            name: "CampoRegras", dependencies: ["GSANModel"], path: "Core/CampoRegras",
            swiftSettings: swiftSettings),
        // Parcelamento judicial (seed 001): the plan, the costs, the discount, the lost-discount rule.
        .target(
            name: "ParcelamentoJudicialRegras", dependencies: ["GSANModel"], path: "Core/ParcelamentoJudicialRegras",
            swiftSettings: swiftSettings),

        // Each area's pure rules, named for the seed rule: they depend only on GSANModel and
        // GSANCobranca (ArquiteturaTests refuses any other import), so no rule reaches I/O.
        .target(
            name: "FaturamentoRegras", dependencies: ["GSANModel", "GSANCobranca"], path: "Core/FaturamentoRegras",
            swiftSettings: pureSwiftSettings),
        .target(
            name: "RotasRegras", dependencies: ["GSANModel"], path: "Core/RotasRegras", swiftSettings: pureSwiftSettings),
        .target(
            name: "DocumentosRegras", dependencies: ["GSANModel", "GSANCobranca"], path: "Core/DocumentosRegras",
            swiftSettings: pureSwiftSettings),
        .target(
            name: "JusCompesaRegras", dependencies: ["GSANModel", "GSANCobranca"], path: "Core/JusCompesaRegras",
            swiftSettings: pureSwiftSettings),

        // MARK: Clients and shared support
        .target(
            name: "AMQP", dependencies: ["CRabbitMQ"], path: "Core/AMQP",
            swiftSettings: swiftSettings),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            path: "Core/Postgres", swiftSettings: swiftSettings),
        .target(
            name: "GSANSupport",
            dependencies: ["CCrypto", .product(name: "Logging", package: "swift-log")],
            path: "Core/GSANSupport", swiftSettings: swiftSettings),
        .target(
            name: "GSANDatabase",
            dependencies: ["Postgres", "GSANSupport", "GSANModel", .product(name: "Logging", package: "swift-log")],
            path: "Core/GSANDatabase",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings),
        .target(
            name: "GSANSeed",
            dependencies: ["Postgres", "GSANModel", "GSANDatabase", "EncerramentoRegras", "JobRuntime",
                           .product(name: "Logging", package: "swift-log")],
            path: "Core/GSANSeed", swiftSettings: swiftSettings),
        .target(
            name: "JobRuntime",
            dependencies: [
                "AMQP", "Postgres", "GSANSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Core/JobRuntime", swiftSettings: swiftSettings),
        // The one catalogue of job contracts: every kind, its payload (PayloadJob: Codable,
        // versioned), its id builders and its family; producers and workers import it, so no
        // area imports another just to name a job, and the queue topology's families come from it.
        .target(
            name: "Contratos", dependencies: ["JobRuntime", "GSANModel", "GSANCobranca"], path: "Core/Contratos",
            swiftSettings: pureSwiftSettings),
        .target(
            name: "Cronogramas",
            dependencies: ["Contratos", "GSANCobranca", "GSANModel", "GSANDatabase", "Postgres", "JobRuntime"],
            path: "Core/Cronogramas", swiftSettings: swiftSettings),
        // The monthly close: billing the pre-billed contas, the chain of jobs around it.
        .target(
            name: "Faturamento",
            dependencies: ["Contratos", "FaturamentoRegras", "GSANCobranca", "GSANModel", "GSANDatabase", "Postgres", "JobRuntime"],
            path: "Core/Faturamento", swiftSettings: swiftSettings),
        // The JusCompesa exchange around the close (seed 000; contract in docs/juscompesa.md).
        .target(
            name: "JusCompesa",
            dependencies: [
                "Contratos", "Faturamento", "FaturamentoRegras", "JusCompesaRegras", "GSANCobranca", "GSANModel", "GSANDatabase", "Postgres",
                "JobRuntime",
            ],
            path: "Core/JusCompesa", swiftSettings: swiftSettings),
        // The route files for the Android field-billing app (seed 004; docs/rotas.md). Rules in Regras/.
        .target(
            name: "Rotas",
            dependencies: ["CZlib", "Contratos", "Faturamento", "RotasRegras", "GSANModel", "GSANSupport", "GSANDatabase", "Postgres", "JobRuntime",
                           .product(name: "Logging", package: "swift-log")],
            path: "Core/Rotas", swiftSettings: swiftSettings),
        // The documentos worker: selection, issuing, caps, rendering of an action's SIMULAR/EMITIR
        // (seed 002); pure rules in Core/DocumentosRegras.
        .target(
            name: "Documentos",
            dependencies: [
                "PDFTexto", "Contratos", "DocumentosRegras", "GSANCobranca", "GSANModel", "GSANDatabase", "Postgres", "JobRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Core/Documentos", swiftSettings: swiftSettings),
        // The service orders after EMITIR (seed 002 §1.2–1.3, §2.4; docs/encerramento.md): pure rules
        // in EncerramentoRegras, the decurso de prazo, the closings and the resumo das ações beside them.
        .target(
            name: "MedicaoRegras", dependencies: ["GSANModel"], path: "Core/MedicaoRegras", swiftSettings: pureSwiftSettings),
        .target(
            name: "Medicao",
            dependencies: [
                "MedicaoRegras", "PDFTexto", "Contratos", "GSANModel", "GSANDatabase", "GSANSupport", "Postgres", "JobRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Core/Medicao", swiftSettings: swiftSettings),
        .target(
            name: "EncerramentoRegras", dependencies: ["GSANModel"], path: "Core/EncerramentoRegras",
            swiftSettings: swiftSettings),
        // The fiscalização (seed 002 §1.2.4, §1.3.1, §2.4.2, §2.5; docs/fiscalizacao.md): the return of a
        // fiscalização OS and its penalties, the não aceitação, the OS seletiva. Pure rules here; I/O in EncerramentoOS.
        .target(
            name: "FiscalizacaoRegras", dependencies: ["GSANModel", "FaturamentoRegras", "EncerramentoRegras"], path: "Core/FiscalizacaoRegras",
            swiftSettings: pureSwiftSettings),
        .target(
            name: "EncerramentoOS",
            dependencies: [
                "EncerramentoRegras", "FiscalizacaoRegras", "Faturamento", "FaturamentoRegras", "PDFTexto", "ImagemJPEG", "Contratos", "GSANModel", "GSANDatabase", "GSANSupport", "Postgres", "JobRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Core/EncerramentoOS", swiftSettings: swiftSettings),

        // The field app's server side (seed 004, docs/campo.md): uploads stored per imóvel, the
        // situação life cycle, the per-rota processing jobs; the server's database thread pool.
        .target(
            name: "Campo",
            dependencies: [
                "CampoRegras", "ProtocoloCampo", "Contratos", "Faturamento", "FaturamentoRegras", "GSANModel", "GSANSupport", "GSANDatabase", "Postgres",
                "JobRuntime", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Core/Campo", swiftSettings: swiftSettings),

        // A simulated phone that speaks the field app's protocol (demo, tests, benchmark).
        .target(
            name: "CelularSimulado",
            dependencies: ["CampoRegras", "ProtocoloCampo", "FaturamentoRegras", "Rotas", "GSANModel"],
            path: "Core/CelularSimulado", swiftSettings: swiftSettings),

        // PDFs of text pages through libharu, and atomic file writes: every area's documents for people.
        .target(
            name: "PDFTexto", dependencies: ["CHaru", "GSANModel"], path: "Core/PDFTexto", swiftSettings: swiftSettings),
        // JPEG photos (libjpeg-turbo): a fiscalização return's photos reduced to the system parameters' size.
        .target(name: "ImagemJPEG", dependencies: ["CTurboJPEG"], path: "Core/ImagemJPEG", swiftSettings: swiftSettings),

        // Parcelamento judicial (seed 001; docs/parcelamento-judicial.md): selection, efetuar in one transaction,
        // consulta, cancelamento, the guias' PDF, the daily lost-discount job. Rules in ParcelamentoJudicialRegras.
        .target(
            name: "ParcelamentoJudicial",
            dependencies: [
                "ParcelamentoJudicialRegras", "Contratos", "JusCompesa", "PDFTexto", "GSANCobranca", "GSANModel", "GSANDatabase", "GSANSupport", "Postgres",
                "JobRuntime", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Core/ParcelamentoJudicial", swiftSettings: swiftSettings),

        .target(
            name: "WorkerSupport",
            dependencies: [
                "Contratos", "JobRuntime", "GSANSupport", "Postgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            path: "Core/WorkerSupport", swiftSettings: swiftSettings),
        // The example worker's handlers (kinds in Contratos): the runtime's reliability tests,
        // its benchmark and the demo drive gsan-exemplo.
        .target(
            name: "Exemplo", dependencies: ["Contratos", "JobRuntime", "Postgres", .product(name: "Logging", package: "swift-log")], path: "Core/Exemplo",
            swiftSettings: swiftSettings),

        // MARK: Executables
        .executableTarget(
            name: "GSANCLI",
            dependencies: [
                "AMQP", "Contratos", "Postgres", "GSANSupport", "GSANDatabase", "JobRuntime", "GSANSeed", "Cronogramas", "Faturamento",
                "FaturamentoRegras", "DocumentosRegras", "WorkerSupport",
                "GSANCobranca", "GSANModel", "Rotas", "Documentos", "ParcelamentoJudicial", "ParcelamentoJudicialRegras",
                "EncerramentoOS", "EncerramentoRegras", "FiscalizacaoRegras", "Campo", "CampoRegras", "Medicao", "MedicaoRegras",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Workers/gsan", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANExemplo",
            dependencies: [
                "Contratos", "Exemplo", "JobRuntime", "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-exemplo", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANScheduler",
            dependencies: [
                "Contratos", "JobRuntime", "WorkerSupport", "GSANModel", "GSANSupport", "Postgres", "Cronogramas", "Faturamento",
                "FaturamentoRegras", "ParcelamentoJudicial", "Medicao", "EncerramentoOS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Workers/gsan-scheduler", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANFaturamento",
            dependencies: [
                "Contratos", "Faturamento", "JobRuntime", "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-faturamento", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANJusCompesa",
            dependencies: [
                "Contratos", "JusCompesa", "GSANCobranca", "GSANDatabase", "GSANModel", "GSANSupport", "JobRuntime", "Postgres",
                "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Workers/gsan-juscompesa", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANRotas",
            dependencies: [
                "Contratos", "Rotas", "GSANCobranca", "GSANDatabase", "GSANModel", "GSANSupport", "JobRuntime", "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-rotas", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANDocumentos",
            dependencies: [
                "Contratos", "Documentos", "GSANDatabase", "GSANSupport", "ParcelamentoJudicial", "JobRuntime", "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-documentos", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANEncerramento",
            dependencies: [
                "EncerramentoOS", "Contratos", "JobRuntime", "WorkerSupport", "GSANSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-encerramento", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANMedicao",
            dependencies: [
                "Medicao", "Contratos", "JobRuntime", "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-medicao", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANCampo",
            dependencies: [
                "Campo", "CampoRegras", "Contratos", "ProtocoloCampo", "GSANModel", "GSANSupport", "JobRuntime", "Postgres", "WorkerSupport",
                .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Workers/gsan-campo", swiftSettings: swiftSettings),
        .executableTarget(
            name: "GSANCelular",
            dependencies: [
                "CelularSimulado", "GSANModel", "ProtocoloCampo", "WorkerSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Workers/gsan-celular", swiftSettings: swiftSettings),
        .target(
            name: "GSANBenchBaseline", dependencies: ["CRabbitMQ"], path: "Workers/gsan-bench-c",
            linkerSettings: [.linkedLibrary("rabbitmq")]),
        .executableTarget(
            name: "GSANBench",
            dependencies: [
                "AMQP", "Contratos", "Postgres", "GSANSupport", "GSANDatabase", "JobRuntime", "Faturamento", "GSANBenchBaseline",
                "Campo", "CelularSimulado", "Rotas", "GSANModel",
                "GSANSeed", "EncerramentoOS", "FiscalizacaoRegras",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Workers/gsan-bench", swiftSettings: swiftSettings),

        // MARK: Tests (integration tests need the servers of ops/up)
        .target(
            name: "TestSupport", dependencies: ["GSANSupport", "AMQP", "Postgres", "GSANDatabase", "JobRuntime"],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "AMQPTests", dependencies: ["AMQP", "TestSupport"], path: "Tests/AMQPTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresTests", dependencies: ["Postgres", "TestSupport"],
            path: "Tests/PostgresTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "JobRuntimeTests", dependencies: ["JobRuntime", "TestSupport"], path: "Tests/JobRuntimeTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkerTests", dependencies: ["JobRuntime", "AMQP", "Postgres", "GSANSeed", "GSANSupport", "TestSupport", "Contratos"],
            path: "Tests/WorkerTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "GSANModelTests", dependencies: ["GSANModel"], path: "Tests/GSANModelTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "GSANCobrancaTests", dependencies: ["GSANCobranca", "GSANModel"], path: "Tests/GSANCobrancaTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "GSANSeedTests", dependencies: ["GSANSeed", "TestSupport"], path: "Tests/GSANSeedTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CronogramasTests",
            dependencies: [
                "Contratos", "Cronogramas", "Faturamento", "GSANCobranca", "GSANModel", "GSANSeed", "JobRuntime", "Postgres",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/CronogramasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "FaturamentoTests",
            dependencies: [
                "Contratos", "Faturamento", "FaturamentoRegras", "GSANCobranca", "GSANModel", "GSANSeed", "JobRuntime", "Postgres",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/FaturamentoTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "JusCompesaTests",
            dependencies: [
                "Contratos", "JusCompesa", "JusCompesaRegras", "Faturamento", "GSANSeed", "GSANModel", "GSANCobranca", "JobRuntime", "Postgres",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/JusCompesaTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "RotasTests",
            dependencies: [
                "Contratos", "Rotas", "RotasRegras", "Faturamento", "FaturamentoRegras", "GSANSeed", "GSANModel", "JobRuntime", "Postgres", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/RotasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "DocumentosTests",
            dependencies: [
                "Contratos", "Documentos", "DocumentosRegras", "GSANSeed", "GSANModel", "GSANSupport", "JobRuntime", "AMQP", "Postgres",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DocumentosTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "EncerramentoTests",
            dependencies: [
                "EncerramentoOS", "EncerramentoRegras", "ImagemJPEG", "FiscalizacaoRegras", "Contratos", "Documentos", "GSANDatabase", "GSANSeed", "GSANModel", "GSANSupport", "JobRuntime",
                "AMQP", "Postgres", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/EncerramentoTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "FiscalizacaoRegrasTests", dependencies: ["FiscalizacaoRegras", "FaturamentoRegras", "GSANModel"],
            path: "Tests/FiscalizacaoRegrasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "CampoRegrasTests", dependencies: ["CampoRegras", "ProtocoloCampo", "GSANModel"],
            path: "Tests/CampoRegrasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "CampoTests",
            dependencies: [
                "Campo", "CampoRegras", "Contratos", "ProtocoloCampo", "CelularSimulado", "Faturamento", "Rotas", "GSANSeed", "GSANModel",
                "JobRuntime", "Postgres", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/CampoTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "ParcelamentoJudicialRegrasTests", dependencies: ["ParcelamentoJudicialRegras", "GSANModel"],
            path: "Tests/ParcelamentoJudicialRegrasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "FaturamentoRegrasTests", dependencies: ["FaturamentoRegras", "GSANModel", "GSANCobranca"],
            path: "Tests/FaturamentoRegrasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "RotasRegrasTests", dependencies: ["RotasRegras", "GSANModel"], path: "Tests/RotasRegrasTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DocumentosRegrasTests", dependencies: ["DocumentosRegras", "GSANModel"],
            path: "Tests/DocumentosRegrasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "JusCompesaRegrasTests", dependencies: ["JusCompesaRegras", "GSANModel", "GSANCobranca"],
            path: "Tests/JusCompesaRegrasTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "ArquiteturaTests", dependencies: ["GSANSupport"], path: "Tests/ArquiteturaTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "ParcelamentoJudicialTests",
            dependencies: [
                "Contratos", "ParcelamentoJudicial", "ParcelamentoJudicialRegras", "GSANDatabase", "GSANSeed", "GSANModel", "GSANSupport",
                "JobRuntime", "Postgres", "TestSupport", .product(name: "Logging", package: "swift-log"),
                // Downstream of an agreement: JusCompesa's remessa, the group's close, the collection documents, the route file.
                "JusCompesa", "Faturamento", "Documentos", "Rotas", "RotasRegras",
            ],
            path: "Tests/ParcelamentoJudicialTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "ContratosTests",
            dependencies: [
                "Campo", "Contratos", "Documentos", "EncerramentoOS", "Exemplo", "Faturamento", "JobRuntime", "JusCompesa",
                "Medicao", "ParcelamentoJudicial", "Rotas",
            ],
            path: "Tests/ContratosTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "MedicaoRegrasTests", dependencies: ["MedicaoRegras", "GSANModel"], path: "Tests/MedicaoRegrasTests",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "MedicaoTests",
            dependencies: [
                "Medicao", "MedicaoRegras", "Contratos", "GSANSeed", "GSANModel", "JobRuntime", "Postgres", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/MedicaoTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "GSANDatabaseTests", dependencies: ["GSANDatabase", "TestSupport"],
            path: "Tests/GSANDatabaseTests", swiftSettings: swiftSettings),
    ]
)
