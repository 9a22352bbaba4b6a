package io.github.mnplatform.fleet;

/** The report cannot be made: says what failed, why, and what to do. Exit 1. */
class FleetException extends RuntimeException {
    FleetException(String message) {
        super(message);
    }

    FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
