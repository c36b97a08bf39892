import Logging

/// Every program's log setup: one line per event on standard error, with its metadata,
/// at `level` and above. Call once, at start.
public func bootstrapLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
