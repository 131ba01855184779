package io.wadal;

public final class Main {
    public static void main(String[] args) {
    }
}
