/**
 * What to ask: free text ("what happens next?") or a FutureBench multiple-choice question loaded from a docs file.
 * Tabs follow the WAI-ARIA tabs pattern (arrow keys move between tabs).
 */
import { h, replaceChildren } from '../dom.js';
import { DocsFileError, optionLetters, parseDocsFile, type FutureBenchDoc } from '../docs.js';
import type { PredictTask } from '../protocol.js';

/**
 * Default free-text question: @nextevent/vlm's `DEFAULT_NEXT_EVENT_QUESTION` (the first question of V1's next-event
 * SFT pool), repeated here so the page does not import the model runtime (a test keeps them equal).
 */
export const DEFAULT_QUESTION = 'What will happen next?';

function optionText(doc: FutureBenchDoc, letter: string): string {
  const text: unknown = doc.qa.Options[letter];
  return typeof text === 'string' ? text : '';
}

/** The task panel component. */
export interface TaskPanel {
  readonly el: HTMLElement;
  readonly mode: PredictTask['mode'];
  /** The task to send, or a sentence saying what is missing. */
  task(): PredictTask | string;
  /** Marks the predicted and the correct option after a multiple-choice run (`null` clears). */
  showChoice(choice: { letter: string; answer: string } | null): void;
  setLocked(locked: boolean): void;
}

/** Creates the panel. `loadSampleDocs` fetches the bundled docs file text (called on first use of MC mode). */
export function createTaskPanel(
  loadSampleDocs: () => Promise<string>,
  onModeChange: (mode: PredictTask['mode']) => void,
): TaskPanel {
  let mode: PredictTask['mode'] = 'free-text';
  let docs: FutureBenchDoc[] = [];
  let sampleRequested = false;

  const question = h(
    'textarea',
    { id: 'question', rows: 2, 'aria-describedby': 'question-help' },
    DEFAULT_QUESTION,
  );
  const freePanel = h(
    'div',
    { role: 'tabpanel', id: 'panel-free', 'aria-labelledby': 'tab-free', class: 'tabpanel' },
    h('label', { for: 'question' }, 'Question'),
    question,
    h(
      'p',
      { class: 'hint', id: 'question-help' },
      'The model answers in its own words, streamed token by token.',
    ),
  );

  const docSelect = h('select', { id: 'doc-select', disabled: true });
  const docsFile = h('input', {
    type: 'file',
    id: 'docs-file',
    accept: '.json,application/json',
    hidden: true,
    'aria-label': 'FutureBench docs JSON file',
  });
  const docsStatus = h(
    'p',
    { class: 'hint', id: 'docs-status', role: 'status' },
    'Loading the sample questions…',
  );
  const mcQuestion = h('p', { class: 'mc-question', id: 'mc-question' });
  const mcOptions = h('ol', { class: 'options', id: 'mc-options', 'aria-label': 'Options' });
  const mcPanel = h(
    'div',
    { role: 'tabpanel', id: 'panel-mc', 'aria-labelledby': 'tab-mc', class: 'tabpanel', hidden: true },
    h(
      'div',
      { class: 'docs-row' },
      h('div', { class: 'field grow' }, h('label', { for: 'doc-select' }, 'FutureBench question'), docSelect),
      h(
        'button',
        { type: 'button', class: 'button secondary', id: 'docs-button', onclick: () => docsFile.click() },
        'Load docs JSON…',
      ),
      docsFile,
    ),
    docsStatus,
    mcQuestion,
    mcOptions,
  );

  const tabFree = h(
    'button',
    { type: 'button', role: 'tab', id: 'tab-free', 'aria-controls': 'panel-free', 'aria-selected': 'true' },
    'Free text',
  );
  const tabMc = h(
    'button',
    {
      type: 'button',
      role: 'tab',
      id: 'tab-mc',
      'aria-controls': 'panel-mc',
      'aria-selected': 'false',
      tabindex: -1,
    },
    'FutureBench multiple choice',
  );
  const tabs = [tabFree, tabMc];

  function select(next: PredictTask['mode'], focus = false): void {
    mode = next;
    const free = next === 'free-text';
    tabFree.setAttribute('aria-selected', String(free));
    tabMc.setAttribute('aria-selected', String(!free));
    tabFree.tabIndex = free ? 0 : -1;
    tabMc.tabIndex = free ? -1 : 0;
    freePanel.hidden = !free;
    mcPanel.hidden = free;
    if (focus) {
      (free ? tabFree : tabMc).focus();
    }
    if (!free && !sampleRequested) {
      sampleRequested = true;
      loadSampleDocs()
        .then((text) =>
          setDocs(parseDocsFile(text, 'futurebench-sample.json'), 'sample questions for the bundled video'),
        )
        .catch((error: unknown) => {
          docsStatus.textContent = `Could not load the sample questions: ${(error as Error).message}`;
        });
    }
    onModeChange(next);
  }
  tabFree.addEventListener('click', () => select('free-text'));
  tabMc.addEventListener('click', () => select('multiple-choice'));
  for (const tab of tabs) {
    tab.addEventListener('keydown', (event) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) {
        event.preventDefault();
        const toMc =
          event.key === 'End' ||
          ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && mode === 'free-text');
        select(toMc ? 'multiple-choice' : 'free-text', true);
      }
    });
  }

  function setDocs(list: FutureBenchDoc[], origin: string): void {
    docs = list;
    replaceChildren(
      docSelect,
      ...list.map((doc, i) => h('option', { value: i }, `${doc.id} · ${doc.question_type}`)),
    );
    docSelect.disabled = false;
    docsStatus.textContent = `${list.length} question${list.length === 1 ? '' : 's'}: ${origin}.`;
    renderDoc();
  }

  function current(): FutureBenchDoc | undefined {
    return docs[Number(docSelect.value)];
  }

  function renderDoc(): void {
    const doc = current();
    if (doc === undefined) {
      return;
    }
    mcQuestion.textContent = doc.qa.Question.trim();
    replaceChildren(
      mcOptions,
      ...optionLetters(doc).map((letter) =>
        h(
          'li',
          { 'data-letter': letter },
          h('span', { class: 'letter', 'aria-hidden': 'true' }, letter),
          h(
            'span',
            { class: 'option-text' },
            h('span', { class: 'sr-only' }, `${letter}. `),
            optionText(doc, letter),
          ),
          h('span', { class: 'mark' }),
        ),
      ),
    );
  }
  docSelect.addEventListener('change', () => {
    renderDoc();
    panel.showChoice(null);
  });
  docsFile.addEventListener('change', () => {
    const file = docsFile.files?.[0];
    if (!file) {
      return;
    }
    file
      .text()
      .then((text) => setDocs(parseDocsFile(text, file.name), file.name))
      .catch((error: unknown) => {
        docsStatus.textContent =
          error instanceof DocsFileError ? error.message : `Could not read ${file.name}: ${String(error)}`;
      });
    docsFile.value = '';
  });

  const panel: TaskPanel = {
    el: h(
      'div',
      { class: 'task-panel' },
      h('div', { role: 'tablist', 'aria-label': 'Question type', class: 'tabs' }, ...tabs),
      freePanel,
      mcPanel,
    ),
    get mode() {
      return mode;
    },
    task() {
      if (mode === 'free-text') {
        const text = question.value.trim();
        return text === '' ? 'Type a question first.' : { mode, question: text };
      }
      const doc = current();
      return doc === undefined ? 'Load FutureBench questions first.' : { mode, doc };
    },
    showChoice(choice) {
      for (const li of mcOptions.querySelectorAll('li')) {
        const letter = li.dataset.letter ?? '';
        const chosen = choice !== null && letter === choice.letter;
        const answer = choice !== null && letter === choice.answer;
        li.classList.toggle('chosen', chosen);
        li.classList.toggle('answer', answer);
        const mark = li.querySelector('.mark');
        if (mark) {
          mark.textContent = [chosen ? 'model’s choice' : '', answer ? 'correct answer' : '']
            .filter(Boolean)
            .join(' · ');
        }
      }
    },
    setLocked(locked) {
      question.disabled = locked;
      docSelect.disabled = locked || docs.length === 0;
      for (const tab of tabs) {
        tab.disabled = locked;
      }
    },
  };
  return panel;
}
