package io.rocketexpress.gateway.quote;

import io.rocketexpress.gateway.flight.Units;

import java.math.BigDecimal;
import java.util.List;

/**
 * A checked shipment with its totals: what it weighs, how much room it takes, what it costs.
 *
 * @param massGrams        actual mass of all parcels
 * @param volumeCm3        volume of all parcels' boxes
 * @param chargeableGrams  sum over parcels of the larger of actual and volumetric mass
 * @param price            base rate plus the per-kilogram rate on the chargeable mass, to the cent
 */
public record Shipment(String origin, String destination, List<ParcelRequest> parcels, long massGrams,
                       long volumeCm3, long chargeableGrams, BigDecimal price, String currency) {

    public double massKg() {
        return Units.kg(massGrams);
    }

    public double volumeM3() {
        return Units.m3(volumeCm3);
    }

    public double chargeableKg() {
        return Units.kg(chargeableGrams);
    }
}
