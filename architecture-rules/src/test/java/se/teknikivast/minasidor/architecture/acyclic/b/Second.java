package se.teknikivast.minasidor.architecture.acyclic.b;

public class Second {}
