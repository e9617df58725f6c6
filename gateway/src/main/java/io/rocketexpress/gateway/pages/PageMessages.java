package io.rocketexpress.gateway.pages;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text of the public pages, as {@code msg:} in their templates. The English text is in
 * {@code messages/msg_en.properties}; a translation is one more file, {@code msg_<language>.properties}, whose
 * {@code dir} says whether the language reads right to left, plus its tag in {@code quarkus.locales}.
 */
@MessageBundle(locale = "en")
public interface PageMessages {

    @Message
    String dir();

    @Message
    String brand();

    @Message
    String boardTitle(String region);

    @Message
    String boardIntro();

    @Message
    String timesIn(String zone);

    @Message
    String liveConnected();

    @Message
    String liveReconnecting();

    @Message
    String departures();

    @Message
    String arrivals();

    @Message
    String colFlight();

    @Message
    String colTo();

    @Message
    String colFrom();

    @Message
    String colWindow();

    @Message
    String colCutoff();

    @Message
    String colPhase();

    @Message
    String colVehicle();

    @Message
    String colFill();

    @Message
    String fillMass(int percent);

    @Message
    String fillVolume(int percent);

    @Message
    String vehicleUnassigned();

    @Message
    String noDepartures();

    @Message
    String noArrivals(String region);

    @Message
    String noPeers();

    @Message
    String arrivalsFrom(String region);

    @Message
    String arrivalsUnavailable(String region);

    @Message
    String flightProgress(int percent);

    @Message
    String phaseScheduled();

    @Message
    String phaseSalesClosed();

    @Message
    String phaseSealed();

    @Message
    String phaseLaunching();

    @Message
    String phaseInFlight();

    @Message
    String phaseLanded();

    @Message
    String phaseRecovering();

    @Message
    String phaseCompleted();

    @Message
    String phaseScrubbed();

    @Message
    String phaseFailed();

    @Message
    String navBoard();

    @Message
    String navTrack();

    @Message
    String trackTitle();

    @Message
    String trackIntro();

    @Message
    String trackLabel();

    @Message
    String trackHint();

    @Message
    String trackButton();

    @Message
    String trackTypo();

    @Message
    String trackNotFound();

    @Message
    String trackUnavailable();

    @Message
    String trackingOff();

    @Message
    String parcelTitle(String number);

    @Message
    String parcelStatus();

    @Message
    String parcelRoute(String origin, String destination);

    @Message
    String parcelEta();

    @Message
    String parcelEtaUnknown();

    @Message
    String parcelJourney();

    @Message
    String parcelNoEvents();

    @Message
    String parcelLive();

    @Message
    String parcelEnded();

    @Message
    String statusBooked();

    @Message
    String statusWaitlisted();

    @Message
    String statusManifested();

    @Message
    String statusLoaded();

    @Message
    String statusLaunched();

    @Message
    String statusLanded();

    @Message
    String statusRecovered();

    @Message
    String statusOutForDelivery();

    @Message
    String statusDelivered();

    @Message
    String statusCancelled();

    @Message
    String statusRebooked();

    @Message
    String statusLost();

    @Message
    String statusDeliveryFailed();

    @Message
    String tooManyRequests();
}
