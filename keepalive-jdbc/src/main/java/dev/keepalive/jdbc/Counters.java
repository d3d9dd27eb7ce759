package dev.keepalive.jdbc;

import dev.keepalive.core.EnumCounter;
import java.util.concurrent.atomic.LongAdder;

/** The pool's monotonic counters; striped, so borrowers on many cores do not share a cache line. */
final class Counters {
    final LongAdder returns = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder validations = new LongAdder();
    final LongAdder validationFailures = new LongAdder();
    final LongAdder keepalives = new LongAdder();
    final LongAdder keepaliveFailures = new LongAdder();
    final LongAdder opened = new LongAdder();
    final LongAdder openFailures = new LongAdder();
    final LongAdder leaks = new LongAdder();
    final EnumCounter<EvictionReason> evictions = new EnumCounter<>(EvictionReason.class);
}
