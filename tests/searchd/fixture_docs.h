/** @file A small inline corpus whose ranking expectations are known by construction. */
#pragma once

#include <string>
#include <vector>

namespace antwort::searchd::testing {

/**
 * Documents chosen so each ranking rule has a clear winner:
 *  - faq:haus has "Haus" (query "Häuser" must find it through stemming);
 *  - art:drucker-titel has "Drucker einrichten" in the title, art:drucker-body
 *    only in the body;
 *  - forum:pw-low (1 up / 0 down) and forum:pw-high (200 / 10) have identical
 *    text, the low-rated one first in docid order;
 *  - faq:kernel-strong matches "Kernel kompilieren" strongly and is unrated,
 *    forum:kernel-weak mentions "Kernel" once and is rated 500 / 0.
 */
inline std::vector<std::string> fixture_docs() {
    return {
        R"({"id":"faq:haus","type":"faq","title":"Wie streiche ich mein Haus?","body":"Das Haus sollte im Frühling gestrichen werden. Zuerst die Fassade gründlich reinigen.","lang":"de","tags":["Farbe","außen"],"category":"Heimwerken"})",
        R"({"id":"art:drucker-titel","type":"article","title":"Drucker einrichten unter Linux","body":"Diese Anleitung zeigt Schritt für Schritt die Installation und die ersten Tests.","lang":"de","url":"https://example.org/drucker","tags":["cups"],"category":"Hardware"})",
        R"({"id":"art:drucker-body","type":"article","title":"Allgemeine Hinweise zur Hardware","body":"Hier steht auch, wie man einen Drucker einrichten kann, neben anderen Themen.","lang":"de","tags":[],"category":"Hardware"})",
        R"({"id":"forum:pw-low","type":"forum","title":"Passwort vergessen","body":"Ich habe mein Passwort vergessen. Was kann ich tun?","lang":"de","rating":{"up":1,"down":0},"thread":"t1"})",
        R"({"id":"forum:pw-high","type":"forum","title":"Passwort vergessen","body":"Ich habe mein Passwort vergessen. Was kann ich tun?","lang":"de","rating":{"up":200,"down":10},"thread":"t2"})",
        R"({"id":"faq:kernel-strong","type":"faq","title":"Kernel kompilieren","body":"So kompilieren Sie einen eigenen Kernel: Quellen holen, Kernel konfigurieren, kompilieren und installieren.","lang":"de","category":"System"})",
        R"({"id":"forum:kernel-weak","type":"forum","title":"Allerlei Fragen zum System","body":"Ich habe viele Fragen zu Bildschirm, Tastatur, Maus, Netzwerk, Sound, Grafik und Kernel, aber vor allem zur Tastatur und zum Netzwerk im Büro.","lang":"de","rating":{"up":500,"down":0},"thread":"t3","category":"System"})",
        R"({"id":"faq:strasse","type":"faq","title":"Adresse ändern","body":"Tragen Sie die neue Straße und Postleitzahl im Profil ein.","lang":"de","category":"Konto"})",
        R"({"id":"lo-help-de:text/sbasic/guide/access2base","type":"article","title":"Access2Base","body":"Access2Base ist eine Basic-Bibliothek mit Makros.","lang":"de","url":null,"tags":["basic","makro"],"category":"Basic"})",
    };
}

} // namespace antwort::searchd::testing
