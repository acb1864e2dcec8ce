// Decap CMS in Norwegian bokmål, all of it: Decap's own nb_no locale leaves some eighty
// phrases in English («Add», the Markdown toolbar's tips, «Insert from URL»), and speaks of
// publishing where this form saves to the editor's own repository. Our words fill the gaps
// and replace those; Decap merges the locale over its English one, so a phrase a later
// Decap adds shows in English until it is added here (tests/test_editor_browser.py finds it).
(function () {
  'use strict';

  var ours = {
    auth: { loginWithAzure: 'Logg inn med Azure', loginWithForgejo: 'Logg inn med Forgejo' },
    app: { header: { quickAdd: 'Ny side' } },
    collection: {
      sidebar: { allCollections: 'Alle samlinger', searchIn: 'Søk i' },
      collectionTop: {
        // «＋» needs a font with full-width signs; the plain plus sign is in every font.
        newButton: '+ %{collectionLabel}',
        newButtonAriaLabel: 'Ny: %{collectionLabel}',
        viewAsList: 'Vis som liste',
        viewAsGrid: 'Vis som rutenett',
        searchResults: 'Søkeresultater for «%{searchTerm}»',
        searchResultsInCollection: 'Søkeresultater for «%{searchTerm}» i %{collection}',
        filterBy: 'Filtrer etter',
        groupBy: 'Grupper etter'
      },
      entries: { unpublishedHeader: 'Upubliserte sider' },
      groups: { other: 'Andre', negateLabel: 'Ikke %{label}' }
    },
    editor: {
      editorControl: { field: { widgetLabel: '%{widgetLabel}-felt' } },
      editorControlPane: {
        widget: {
          invalidPath: '«%{path}» er ikke en gyldig sti',
          pathExists: '«%{path}» finnes fra før'
        },
        i18n: {
          writingInLocale: 'Skriver på %{locale}',
          copyFromLocale: 'Fyll inn fra et annet språk',
          copyFromLocaleConfirm: 'Vil du fylle inn teksten fra %{locale}?\nDet som står her nå, blir erstattet.'
        }
      },
      editor: {
        onPublishing: 'Vil du lagre siden?',
        onDeletePublishedEntry: 'Vil du slette denne siden?',
        onDeleteWithUnsavedChanges: 'Vil du slette denne siden? Endringene du ikke har lagret, forsvinner også.'
      },
      editorInterface: {
        toggleI18n: 'Vis eller skjul språkene',
        togglePreview: 'Vis eller skjul forhåndsvisningen',
        toggleScrollSync: 'Rull skjemaet og forhåndsvisningen sammen',
        toggleNotes: 'Vis eller skjul notatene'
      },
      editorNotesPane: {
        title: 'Notater',
        emptyState: 'Ingen notater ennå. Skriv det første under.',
        addNote: 'Legg til notat',
        addPlaceholder: 'Skriv et notat …',
        editPlaceholder: 'Endre notatet …',
        save: 'Lagre',
        cancel: 'Avbryt',
        edit: 'Endre',
        delete: 'Slett',
        resolve: 'Merk som løst',
        unresolve: 'Åpne igjen',
        confirmDelete: 'Vil du slette notatet?',
        shortcut: 'Tips: Ctrl+Enter legger til notatet'
      },
      // The form saves to the editor's repository; whether a page is published is the
      // «Utkast» field's business and the check's (verktoykassa.js says which, after a save).
      editorToolbar: {
        publish: 'Lagre',
        publishNow: 'Lagre nå',
        publishing: 'Lagrer …',
        published: 'Lagret',
        publishAndCreateNew: 'Lagre og lag en ny',
        publishAndDuplicate: 'Lagre og lag en kopi',
        duplicate: 'Lag en kopi',
        deletePublishedEntry: 'Slett siden',
        deleteEntry: 'Slett siden',
        deployButtonLabel: 'Åpne i forhåndsvisningen',
        statusInfoTooltipDraft: 'Siden er et utkast. Sett status til «Til godkjenning» når den er klar til å se over.',
        statusInfoTooltipInReview: 'Siden blir sett over. Du kan fortsatt gjøre endringer mens det skjer.'
      },
      editorWidgets: {
        markdown: {
          bold: 'Fet',
          italic: 'Kursiv',
          strikethrough: 'Gjennomstreking',
          code: 'Kode',
          link: 'Lenke',
          linkPrompt: 'Skriv adressen lenken skal gå til',
          headings: 'Overskrifter',
          quote: 'Sitat',
          bulletedList: 'Punktliste',
          numberedList: 'Nummerert liste',
          addComponent: 'Sett inn',
          toggleMode: { rich: 'Bytt til rik tekst', markdown: 'Bytt til Markdown' }
        },
        image: {
          chooseMultiple: 'Velg bilder',
          chooseUrl: 'Sett inn fra en adresse',
          replaceUrl: 'Bytt ut med en adresse',
          promptUrl: 'Skriv adressen til bildet',
          addMore: 'Legg til flere bilder',
          removeAll: 'Fjern alle bildene'
        },
        file: {
          chooseUrl: 'Sett inn fra en adresse',
          chooseMultiple: 'Velg filer',
          replaceUrl: 'Bytt ut med en adresse',
          promptUrl: 'Skriv adressen til filen',
          addMore: 'Legg til flere filer',
          removeAll: 'Fjern alle filene'
        },
        datetime: { setToNow: 'Sett %{fieldLabel} til nå' },
        list: { add: 'Legg til %{item}', addType: 'Legg til %{item}' },
        object: { expand: 'Vis feltene', collapse: 'Skjul feltene' }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: 'Kopier',
        copyUrl: 'Kopier adressen',
        copyPath: 'Kopier stien',
        copyName: 'Kopier navnet',
        copied: 'Kopiert'
      },
      mediaLibraryModal: { close: 'Lukk' }
    },
    ui: {
      settingsDropdown: { account: 'Valg for kontoen' },
      toast: {
        entrySaved: 'Lagret',
        entryPublished: 'Lagret',
        onFailToPersist: 'Kunne ikke lagre: %{details}',
        noteAdded: 'Notatet er lagt til',
        onFailToAddNote: 'Kunne ikke legge til notatet: %{details}',
        noteUpdated: 'Notatet er endret',
        onFailToUpdateNote: 'Kunne ikke endre notatet: %{details}',
        noteDeleted: 'Notatet er slettet',
        onFailToDeleteNote: 'Kunne ikke slette notatet: %{details}',
        noteResolved: 'Notatet er merket som løst',
        noteReopened: 'Notatet er åpnet igjen',
        onFailToToggleNote: 'Kunne ikke endre notatet: %{details}',
        onLoggedOut: 'Du er logget ut. Ta vare på det du har skrevet, og logg inn igjen.',
        onBackendDown: 'Tjenesten bak skjemaet svarer ikke. Se %{details} for mer.'
      }
    }
  };

  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      var value = from[key];
      if (value && typeof value === 'object') {
        into[key] = merge(into[key] && typeof into[key] === 'object' ? into[key] : {}, value);
      } else {
        into[key] = value;
      }
    });
    return into;
  }

  var decaps = window.CMS.getLocale('nb_no') || {};
  window.CMS.registerLocale('nb_no', merge(merge({}, decaps), ours));
})();
