package io.rocketexpress.gateway.quote;

import io.rocketexpress.gateway.problem.Problem;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-written check of a shipment answers exactly what Bean Validation of its annotations answers. */
class ShipmentRequestTest {

    private static final Comparator<Problem.FieldError> BY_FIELD_AND_MESSAGE =
            Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message);

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void everyShapeOfShipmentGetsBeanValidationsAnswer() {
        List<String> regions = Arrays.asList(null, "", "  ", "hangzhou");
        List<Double> sides = Arrays.asList(null, 0.0, -1.5, Double.NaN, Double.NEGATIVE_INFINITY, 0.001, 60.0,
                Double.POSITIVE_INFINITY);
        List<ParcelRequest> parcels = new ArrayList<>();
        for (Double value : sides) {
            parcels.add(new ParcelRequest(value, 60.0, 40.0, 30.0));
            parcels.add(new ParcelRequest(12.5, value, 40.0, 30.0));
            parcels.add(new ParcelRequest(12.5, 60.0, value, 30.0));
            parcels.add(new ParcelRequest(12.5, 60.0, 40.0, value));
        }
        parcels.add(new ParcelRequest(null, null, null, null));
        List<List<ParcelRequest>> parcelLists = new ArrayList<>();
        parcelLists.add(null);
        parcelLists.add(List.of());
        parcelLists.add(Arrays.asList((ParcelRequest) null));
        parcels.forEach(parcel -> parcelLists.add(List.of(parcel)));
        parcelLists.add(Arrays.asList(parcels.get(0), null, parcels.get(parcels.size() - 1), parcels.get(27)));
        parcelLists.add(parcels);

        int compared = 0;
        for (String origin : regions) {
            for (String destination : regions) {
                for (List<ParcelRequest> list : parcelLists) {
                    ShipmentRequest request = new ShipmentRequest(origin, destination, list);
                    assertThat(sorted(request.violations())).as("%s", request).isEqualTo(beanValidation(request));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(regions.size() * regions.size() * parcelLists.size());
    }

    @Test
    void aValidShipmentPassesAndAnInvalidOneIsAnsweredAsAProblemByField() {
        ShipmentRequest valid = new ShipmentRequest("hangzhou", "dubai", List.of(new ParcelRequest(2.0, 30.0, 20.0,
                10.0)));
        assertThat(ShipmentRequest.requireValid(valid)).isSameAs(valid);

        ShipmentRequest invalid = new ShipmentRequest(" ", "dubai", List.of(new ParcelRequest(-2.0, 30.0, null, 10.0)));
        assertThatThrownBy(() -> ShipmentRequest.requireValid(invalid)).isInstanceOfSatisfying(ProblemException.class,
                problem -> {
                    assertThat(problem.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(problem.errors()).extracting(Problem.FieldError::field)
                            .containsExactly("origin", "parcels[0].massKg", "parcels[0].widthCm");
                    assertThat(problem.getMessage()).isEqualTo("origin: must not be blank; parcels[0].massKg: must be"
                            + " greater than 0; parcels[0].widthCm: must not be null");
                });
        assertThatThrownBy(() -> ShipmentRequest.requireValid(null)).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.getMessage()).isEqualTo("request: must not be null"));
    }

    /** The violations Bean Validation finds, named as the API names fields (a null parcel by its index). */
    private static List<Problem.FieldError> beanValidation(ShipmentRequest request) {
        return sorted(validator.validate(request).stream()
                .map(violation -> new Problem.FieldError(violation.getPropertyPath().toString()
                        .replace(".<list element>", ""), violation.getMessage()))
                .toList());
    }

    private static List<Problem.FieldError> sorted(List<Problem.FieldError> errors) {
        return errors.stream().sorted(BY_FIELD_AND_MESSAGE).toList();
    }
}
