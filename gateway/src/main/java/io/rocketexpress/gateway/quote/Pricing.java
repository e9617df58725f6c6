package io.rocketexpress.gateway.quote;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.flight.Units;
import io.rocketexpress.gateway.problem.Problem;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a shipment against the network's rules (known route from this region, parcel count, mass,
 * the cabin door) and prices it: base + per chargeable kg, chargeable = max(actual, volumetric) per parcel.
 */
@ApplicationScoped
public class Pricing {

    private final GatewayConfig config;
    private final Regions regions;

    Pricing(GatewayConfig config, Regions regions) {
        this.config = config;
        this.regions = regions;
    }

    /** @throws ProblemException listing every rule the shipment breaks */
    public Shipment check(ShipmentRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (regions.code(request.origin()).isEmpty()) {
            errors.add(new Problem.FieldError("origin", "unknown region '" + request.origin() + "'; regions are "
                    + regions.names()));
        }
        if (regions.code(request.destination()).isEmpty()) {
            errors.add(new Problem.FieldError("destination", "unknown region '" + request.destination()
                    + "'; regions are " + regions.names()));
        }
        if (request.origin().equals(request.destination())) {
            errors.add(new Problem.FieldError("destination", "must differ from origin; both are "
                    + request.origin()));
        }
        GatewayConfig.Cargo cargo = config.cargo();
        if (request.parcels().size() > cargo.maxParcelsPerBooking()) {
            errors.add(new Problem.FieldError("parcels", request.parcels().size() + " parcels in one booking; at most "
                    + cargo.maxParcelsPerBooking() + " are allowed: split them over several bookings"));
        }
        double[] door = sortedDescending(cargo.doorCm().stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < request.parcels().size(); i++) {
            ParcelRequest parcel = request.parcels().get(i);
            if (parcel.massKg() > cargo.maxParcelMassKg()) {
                errors.add(new Problem.FieldError("parcels[" + i + "].massKg", parcel.massKg()
                        + " kg is over the " + cargo.maxParcelMassKg() + " kg a single parcel may weigh"));
            }
            if (parcel.massKg() > 0 && Units.grams(parcel.massKg()) < 1) {
                errors.add(new Problem.FieldError("parcels[" + i + "].massKg", parcel.massKg()
                        + " kg rounds to 0 g; a parcel must weigh at least 1 g (0.001 kg)"));
            }
            tooSmall(errors, i, "lengthCm", parcel.lengthCm());
            tooSmall(errors, i, "widthCm", parcel.widthCm());
            tooSmall(errors, i, "heightCm", parcel.heightCm());
            double[] sides = sortedDescending(new double[] {parcel.lengthCm(), parcel.widthCm(), parcel.heightCm()});
            if (!fits(sides, door)) {
                errors.add(new Problem.FieldError("parcels[" + i + "]", describe(sides)
                        + " cm does not pass the cabin door (" + describe(door) + " cm) any way round"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow(),
                    errors, null);
        }
        if (!request.origin().equals(regions.local())) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "this is the " + regions.local()
                    + " gateway: it ships parcels leaving " + regions.local() + "; parcels leaving "
                    + request.origin() + " are quoted and booked at the " + request.origin() + " gateway");
        }
        return price(request);
    }

    /** Sides are kept to the millimetre: a side that rounds to 0 mm would take no room. */
    private static void tooSmall(List<Problem.FieldError> errors, int parcel, String side, double cm) {
        if (cm > 0 && Math.round(cm * 10) < 1) {
            errors.add(new Problem.FieldError("parcels[" + parcel + "]." + side, cm
                    + " cm rounds to 0 mm; each side must be at least 1 mm (0.1 cm)"));
        }
    }

    private Shipment price(ShipmentRequest request) {
        long mass = 0;
        long volume = 0;
        long chargeable = 0;
        for (ParcelRequest parcel : request.parcels()) {
            long grams = Units.grams(parcel.massKg());
            long volumetricGrams = Math.round(parcel.volumeCm3() / config.cargo().volumetricDivisor() * 1_000);
            mass += grams;
            volume += Math.round(parcel.volumeCm3());
            chargeable += Math.max(grams, volumetricGrams);
        }
        GatewayConfig.Rate rate = rate(request.origin(), request.destination());
        BigDecimal price = rate.base()
                .add(rate.perKg().multiply(BigDecimal.valueOf(chargeable).movePointLeft(3)))
                .setScale(2, RoundingMode.HALF_UP);
        return new Shipment(request.origin(), request.destination(), List.copyOf(request.parcels()), mass, volume,
                chargeable, price, config.tariff().currency());
    }

    private GatewayConfig.Rate rate(String origin, String destination) {
        Map<String, GatewayConfig.Rate> fromOrigin = config.tariff().routes().get(origin);
        GatewayConfig.Rate rate = fromOrigin == null ? null : fromOrigin.get(destination);
        return rate == null ? config.tariff().defaultRate() : rate;
    }

    private static boolean fits(double[] sides, double[] door) {
        for (int i = 0; i < Math.min(sides.length, door.length); i++) {
            if (sides[i] > door[i]) {
                return false;
            }
        }
        return true;
    }

    private static double[] sortedDescending(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length / 2; i++) {
            double swap = sorted[i];
            sorted[i] = sorted[sorted.length - 1 - i];
            sorted[sorted.length - 1 - i] = swap;
        }
        return sorted;
    }

    private static String describe(double[] sides) {
        return Arrays.stream(sides).mapToObj(side -> side == Math.rint(side)
                ? Long.toString((long) side) : Double.toString(side)).reduce((a, b) -> a + " × " + b).orElse("");
    }
}
