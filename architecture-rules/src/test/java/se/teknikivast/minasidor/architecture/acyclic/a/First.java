package se.teknikivast.minasidor.architecture.acyclic.a;

import se.teknikivast.minasidor.architecture.acyclic.b.Second;

public class First {
    Second second;
}
