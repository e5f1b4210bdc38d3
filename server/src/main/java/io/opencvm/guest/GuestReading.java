package io.opencvm.guest;

/** What the guest answered ({@code value}), or why it could not be asked ({@code error}, and no value). */
public record GuestReading<T>(T value, String error) {

    static <T> GuestReading<T> of(T value) {
        return new GuestReading<>(value, null);
    }

    static <T> GuestReading<T> failed(String error) {
        return new GuestReading<>(null, error);
    }

    public boolean online() {
        return error == null;
    }
}
