package io.opencvm.attestation;

/** The bytes are not a TDX quote v4 this verifier understands; the message says where and why. */
public final class QuoteFormatException extends IllegalArgumentException {

    public QuoteFormatException(String message) {
        super(message);
    }
}
