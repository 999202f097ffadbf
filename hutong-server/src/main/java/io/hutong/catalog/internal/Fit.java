package io.hutong.catalog.internal;

import io.hutong.catalog.internal.Requirement.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether an offer meets a requirement, as a bit set of the rules it breaks, so that the hot path
 * only counts and the reasons are written for the few offers that are shown.
 */
final class Fit {

    /** The rules in the order they are checked; an offer is counted under the first one it breaks. */
    enum Rule {
        PROVIDER("provider"), ACCELERATOR("accelerator"), ACCELERATOR_COUNT("accelerator_count"), CPUS("cpus"),
        MEMORY("memory"), DISK("disk"), REGION("region"), ZONE("zone"), INDUSTRY("industry"),
        INTERRUPTIBLE("interruptible"), PRICE("max_price_per_hour"), AVAILABLE("available"), HOURS("hours");

        final String field;
        final int bit;

        Rule(String field) {
            this.field = field;
            this.bit = 1 << ordinal();
        }

        private static final Rule[] ALL = values();

        static Rule first(int broken) {
            return ALL[Integer.numberOfTrailingZeros(broken)];
        }
    }

    private Fit() {
    }

    /** The price an offer is ranked and capped by: its interruptible price when that was asked for. */
    static Double price(Offer offer, Requirement r) {
        return r.interruptible() ? offer.interruptiblePricePerHour() : Double.valueOf(offer.pricePerHour());
    }

    /** The rules the offer breaks (0: it fits). */
    static int check(Offer o, Requirement r) {
        int broken = 0;
        if (r.provider() != null && !r.provider().accepts(o.provider().code())) {
            broken |= Rule.PROVIDER.bit;
        }
        if (r.accelerator() != null && !r.accelerator().accepts(o.accelerator())) {
            broken |= Rule.ACCELERATOR.bit;
        }
        if (r.acceleratorCount() != null && !r.acceleratorCount().accepts(o.acceleratorCount(), o.vcpus())) {
            broken |= Rule.ACCELERATOR_COUNT.bit;
        }
        if (r.cpus() != null && (o.vcpus() == null || !r.cpus().accepts(o.vcpus(), o.vcpus()))) {
            broken |= Rule.CPUS.bit;
        }
        if (r.memory() != null && (o.memoryGib() == null || !r.memory().accepts(o.memoryGib(), o.vcpus()))) {
            broken |= Rule.MEMORY.bit;
        }
        if (r.disk() != null && (o.diskGib() == null || !r.disk().accepts(o.diskGib(), o.vcpus()))) {
            broken |= Rule.DISK.bit;
        }
        if (r.region() != null && !r.region().accepts(o.region())) {
            broken |= Rule.REGION.bit;
        }
        if (r.zone() != null && !r.zone().accepts(o.zone())) {
            broken |= Rule.ZONE.bit;
        }
        if (r.industry() != null && !r.industry().acceptsAny(o.industries())) {
            broken |= Rule.INDUSTRY.bit;
        }
        Double price = price(o, r);
        if (price == null) {
            broken |= Rule.INTERRUPTIBLE.bit;
        } else if (r.maxPricePerHour() != null && price > r.maxPricePerHour() + 1e-9) {
            broken |= Rule.PRICE.bit;
        }
        if (o.available() != null && o.available() < r.nodes()) {
            broken |= Rule.AVAILABLE.bit;
        }
        if (o.hoursLeft() != null && o.hoursLeft() + 1e-9 < r.hours()) {
            broken |= Rule.HOURS.bit;
        }
        return broken;
    }

    /** The broken rules in words, e.g. {@code cpus: 8, wants 16+}. */
    static List<String> reasons(Offer o, Requirement r, int broken) {
        List<String> reasons = new ArrayList<>(Integer.bitCount(broken));
        for (Rule rule : Rule.ALL) {
            if ((broken & rule.bit) != 0) {
                reasons.add(rule.field + ": " + reason(rule, o, r));
            }
        }
        return reasons;
    }

    private static String reason(Rule rule, Offer o, Requirement r) {
        return switch (rule) {
            case PROVIDER -> o.provider().code() + " is not " + r.provider();
            case ACCELERATOR -> (o.accelerator() == null ? "none" : o.accelerator()) + " is not " + r.accelerator();
            case ACCELERATOR_COUNT -> o.acceleratorCount() + ", wants " + r.acceleratorCount();
            case CPUS -> (o.vcpus() == null ? "unknown" : o.vcpus()) + ", wants " + r.cpus();
            case MEMORY -> amount(o.memoryGib()) + " GiB, wants " + wanted(r.memory(), o, "GiB");
            case DISK -> amount(o.diskGib()) + " GiB, wants " + wanted(r.disk(), o, "GiB");
            case REGION -> o.region() + " is not " + r.region();
            case ZONE -> o.zone() + " is not " + r.zone();
            case INDUSTRY -> o.industries() + " is not " + r.industry();
            case INTERRUPTIBLE -> "no interruptible price";
            case PRICE -> amount(price(o, r)) + " " + o.currency() + "/h is above " + amount(r.maxPricePerHour());
            case AVAILABLE -> o.available() + " available, wants " + r.nodes();
            case HOURS -> amount(o.hoursLeft()) + " h left, wants " + amount(r.hours()) + " h";
        };
    }

    private static String wanted(Quantity q, Offer o, String unit) {
        return q.form() == Quantity.Form.PER_VCPU
                ? q + " = " + amount(q.needed(o.vcpus())) + "+ " + unit + " for " + o.vcpus() + " vCPUs"
                : q + " " + unit;
    }

    static String amount(Double value) {
        if (value == null) {
            return "unknown";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
