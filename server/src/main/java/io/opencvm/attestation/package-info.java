/**
 * The attestation core: parse Intel TDX quotes (v4) and dstack event logs, replay RTMRs, verify the quote, its
 * quoting enclave and PCK chain up to a configured root, and summarise certificates. Pure Java: no Spring, no
 * HTTP, no SQL; {@link io.opencvm.attestation.AttestationVerifier} is the one entry point that decides.
 */
package io.opencvm.attestation;
