package io.github.mnplatform.fleet;

/** A wrong command line: exit 2, with a pointer to --help. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
