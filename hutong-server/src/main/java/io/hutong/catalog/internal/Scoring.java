package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.catalog.internal.CatalogProperties.Weights;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The documented score of a candidate, between 0 and 1, with its parts:
 * <ul>
 * <li>price = R / (R + cost), cost = price per hour × hours × nodes, R the reference cost: a pack
 * (cost 0) scores 1, an offer costing R scores 0.5;</li>
 * <li>availability = 1 with at least twice the instances asked for, 0.75 with just enough, 0.5 when
 * the provider does not tell;</li>
 * <li>reliability = the provider's, from the catalog file.</li>
 * </ul>
 */
final class Scoring {

    private final Weights weights;

    Scoring(Weights weights) {
        this.weights = weights;
    }

    Weights weights() {
        return weights;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Cost(double pricePerHour, double hours, int nodes, double total, String currency) {
    }

    /** One part of the score: its value (0–1), its weight and the points it gives (value × weight). */
    record Part(double value, double weight, double points) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Score(double total, Part price, Part availability, Part reliability) {
    }

    static Cost cost(Offer offer, Requirement r) {
        Double price = Fit.price(offer, r);
        double perHour = price == null ? offer.pricePerHour() : price;
        return new Cost(round(perHour), r.hours(), r.nodes(), round(perHour * r.hours() * r.nodes()),
                offer.currency());
    }

    Score score(Offer offer, Requirement r) {
        Cost cost = cost(offer, r);
        Part price = part(priceValue(cost.total()), weights.price());
        Part availability = part(availability(offer.available(), r.nodes()), weights.availability());
        Part reliability = part(offer.reliability(), weights.reliability());
        return new Score(round(price.points() + availability.points() + reliability.points()), price, availability,
                reliability);
    }

    /** The highest score an offer at this hourly price could reach: to stop scanning a price-ordered list. */
    double bound(double pricePerHour, Requirement r, double reliability) {
        return priceValue(pricePerHour * r.hours() * r.nodes()) * weights.price() + weights.availability()
                + reliability * weights.reliability();
    }

    private double priceValue(double cost) {
        return weights.referenceCost() / (weights.referenceCost() + Math.max(0, cost));
    }

    static double availability(Integer available, int nodes) {
        if (available == null) {
            return 0.5;
        }
        if (available >= 2 * nodes) {
            return 1;
        }
        return available >= nodes ? 0.75 : 0;
    }

    private static Part part(double value, double weight) {
        return new Part(round(value), weight, round(value * weight));
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
