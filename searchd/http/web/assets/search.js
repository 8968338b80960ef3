// Antwort search page: enhancements on top of the server-rendered page.
// Without JavaScript the page works as plain forms and links; with it we add
// suggestions while typing (GET /suggest), "War das hilfreich?" buttons
// (POST /feedback) and filters that apply on click. Every endpoint is
// optional: one that answers 404/405 turns its feature off.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function ready(fn) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', fn);
    } else {
      fn();
    }
  }

  // --- Suggestions (WAI-ARIA combobox with a listbox popup) ---------------
  function setupSuggestions() {
    var input = document.getElementById('q');
    var list = document.getElementById('vorschlaege');
    var form = document.getElementById('suchformular');
    if (!input || !list || !form || !window.fetch) {
      return;
    }
    var enabled = true;
    var timer = null;
    var active = -1;
    var items = [];
    var latest = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = '';
      items = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function highlight(index) {
      items.forEach(function (li, i) {
        li.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      active = index;
      if (index >= 0) {
        input.setAttribute('aria-activedescendant', items[index].id);
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function choose(index) {
      var text = items[index] && items[index].dataset.text;
      if (!text) {
        return;
      }
      input.value = text;
      close();
      form.submit();
    }

    function show(suggestions) {
      close();
      suggestions.slice(0, 8).forEach(function (s, i) {
        if (!s || typeof s.text !== 'string' || s.text === '') {
          return;
        }
        var li = document.createElement('li');
        li.id = 'vorschlag-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.dataset.text = s.text;
        var label = document.createElement('span');
        label.textContent = s.text;
        li.appendChild(label);
        if (s.kind === 'title') {
          var kind = document.createElement('span');
          kind.className = 'kind';
          kind.textContent = 'Titel';
          li.appendChild(kind);
        }
        // mousedown, not click: it comes before the input loses focus.
        li.addEventListener('mousedown', function (event) {
          event.preventDefault();
          choose(items.indexOf(li));
        });
        list.appendChild(li);
        items.push(li);
      });
      if (items.length > 0) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }

    function fetchSuggestions() {
      var q = input.value;
      if (!enabled || q.trim().length < 2) {
        close();
        return;
      }
      var request = ++latest;
      fetch('/suggest?q=' + encodeURIComponent(q) + '&limit=8', {headers: {Accept: 'application/json'}})
        .then(function (res) {
          if (res.status === 404 || res.status === 405) {
            enabled = false; // this server has no suggestions
            return null;
          }
          return res.ok ? res.json() : null;
        })
        .then(function (body) {
          if (request !== latest || document.activeElement !== input) {
            return;
          }
          if (body && Array.isArray(body.suggestions)) {
            show(body.suggestions);
          } else {
            close();
          }
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (items.length === 0) {
          return;
        }
        event.preventDefault();
        var step = event.key === 'ArrowDown' ? 1 : -1;
        var next = active + step;
        if (next >= items.length) {
          next = 0;
        } else if (next < -1) {
          next = items.length - 1;
        }
        highlight(next);
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', function () {
      setTimeout(close, 100);
    });
  }

  // --- "War das hilfreich?" ----------------------------------------------
  function setupFeedback() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll('.feedback[data-id]'));
    if (blocks.length === 0 || !window.fetch) {
      return;
    }
    var input = document.getElementById('q');
    var query = input ? input.value : '';
    function hideAll() {
      blocks.forEach(function (b) {
        b.hidden = true;
      });
    }
    blocks.forEach(function (block) {
      block.hidden = false;
      var result = block.querySelector('.feedback-result');
      var buttons = Array.prototype.slice.call(block.querySelectorAll('button[data-helpful]'));
      buttons.forEach(function (button) {
        button.addEventListener('click', function () {
          buttons.forEach(function (b) {
            b.disabled = true;
          });
          fetch('/feedback', {
            method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({
              id: block.dataset.id,
              helpful: button.dataset.helpful === 'true',
              query: query
            })
          }).then(function (res) {
            if (res.status === 404 || res.status === 405) {
              hideAll(); // no feedback on this server
              return;
            }
            if (res.ok) {
              buttons.forEach(function (b) {
                b.hidden = true;
              });
              block.querySelector('.feedback-question').hidden = true;
              result.textContent = 'Danke!';
              return;
            }
            result.textContent = res.status === 429
              ? 'Zu viele Bewertungen – bitte später noch einmal.'
              : 'Das hat leider nicht geklappt.';
            buttons.forEach(function (b) {
              b.disabled = false;
            });
          }).catch(function () {
            result.textContent = 'Das hat leider nicht geklappt.';
            buttons.forEach(function (b) {
              b.disabled = false;
            });
          });
        });
      });
    });
  }

  // --- Filters apply at once ---------------------------------------------
  function setupFacets() {
    var form = document.querySelector('.facet-form');
    if (!form) {
      return;
    }
    form.addEventListener('change', function (event) {
      if (event.target && event.target.type === 'checkbox') {
        form.submit();
      }
    });
  }

  ready(function () {
    setupSuggestions();
    setupFeedback();
    setupFacets();
  });
})();
