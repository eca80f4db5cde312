package se.teknikivast.minasidor.system;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The steps of the customer guide on auth-service's login page, as a customer takes them. */
final class LoginPage {

    private LoginPage() {}

    /** "Välj fliken Användarnamn", fill in the customer (or organisation) number and password, "Logga in". */
    static void passwordLogin(WebDriver browser, String username, String password) {
        browser.findElement(By.id("flik-anvandarnamn")).click();
        var usernameField = browser.findElement(By.id("username"));
        usernameField.clear();
        usernameField.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.xpath("//button[normalize-space()='Logga in']")).click();
    }
}
