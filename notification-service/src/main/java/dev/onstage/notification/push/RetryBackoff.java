package dev.onstage.notification.push;

import java.time.Duration;

/**
 * When a push that a push service refused for now (429, 5xx, unreachable) is tried again: after {@code first}, doubling
 * up to {@code max}, never sooner than the push service's Retry-After.
 */
record RetryBackoff(Duration first, Duration max) {

    Duration after(int attempts, Duration retryAfter) {
        Duration exponential = first.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        Duration delay = exponential.compareTo(max) > 0 ? max : exponential;
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }
}
