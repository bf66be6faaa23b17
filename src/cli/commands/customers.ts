import { Command } from 'commander';
import type { AppContext } from '../app-context.js';
import { formatAge } from '../output/format-age.js';
import { safeLine } from '../output/terminal-text.js';
import { padWidth } from '../output/terminal-width.js';
import { padTo } from '../output/address-line.js';
import { addressParts } from '../../core/domain/address-text.js';
import { normaliseAddress } from '../../core/domain/address.js';
import { customerJson, greetingJson } from '../output/views.js';
import { UsageError } from '../../core/errors.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import type { MergeResult } from '../../core/services/customer-merge-service.js';

export function createCustomersCommand(ctx: AppContext) {
  const customers = new Command('customers')
    .description('List customers, most recent contact first')
    .option('--json', 'print a JSON array (shape in docs/json.md)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const services = await ctx.coreFor(command);
      const customers = await services.conversations.customers();
      const { io } = ctx;
      if (options.json) {
        io.stdout.write(renderJson(customers.map(customerJson)));
        return;
      }
      if (customers.length === 0) {
        io.stderr.write('no customers yet\n');
        return;
      }
      const now = services.clock.now();
      for (const c of customers) {
        const last = c.lastContactAt ?? '';
        if (io.isStdoutTTY) {
          // The address whole (a wider one pushes the line); the name cut, and marked when it holds an address.
          const { name, warning } = addressParts(c);
          io.stdout.write(`${padWidth(`${warning ? '⚠ ' : ''}${safeLine(name || '-')}`, 24)} ${padTo(safeLine(c.email), 32)} ${String(c.conversationIds.length).padStart(3)}  ${last ? formatAge(Date.parse(last), now) : ''}\n`);
        } else {
          io.stdout.write([c.email, safeLine(c.name).replace(/\t/g, ' '), c.firstName ?? '', c.conversationIds.length, c.firstContactAt ?? '', last].join('\t') + '\n');
        }
      }
    });
  customers.addCommand(createLanguageCommand(ctx));
  customers.addCommand(createRegisterCommand(ctx));
  customers.addCommand(createMergeCommand(ctx));
  customers.addCommand(createSplitCommand(ctx));
  return customers;
}

/** `h2h customers language <email> [code|auto]`: the language replies to a customer are written in, and the owner's word on it. */
function createLanguageCommand(ctx: AppContext) {
  return new Command('language')
    .description("Show the language replies to a customer greet and sign off in, or set it (auto: from their mail again)")
    .argument('<email>', "the customer's address")
    .argument('[code]', 'a two-letter language code (fi, sv, nl, de, fr, es, it, ja, ko, zh, en…), or auto')
    .option('--json', 'print {"email", "language", "setByOwner", "greeting"} (shape in docs/json.md)')
    .addHelpText('after', '\nExamples:\n  $ h2h customers language anna@example.fi        # fi (from their mail): Hei Anna, … Terveisin,\n  $ h2h customers language anna@example.fi sv\n  $ h2h customers language anna@example.fi auto')
    .action(async (email: string, code: string | undefined, own: { json?: boolean }, command: Command) => {
      const options = jsonWanted(own, command);
      const services = await ctx.servicesFor(command);
      checkAddress(email);
      const found = code === undefined ? await services.languages.languageOf(email) : await services.languages.setLanguage(email, code === 'auto' ? null : code);
      const greeting = await services.greetings.greet(found.email);
      if (options.json) {
        ctx.io.stdout.write(renderJson({ email: found.email, language: found.language, setByOwner: found.setByOwner, greeting: greetingJson(greeting) }));
        return;
      }
      const how = found.setByOwner ? 'your setting' : found.language ? 'from their mail' : 'not known from their mail: replies in English';
      ctx.io.stdout.write(`${safeLine(found.email)}: ${found.language ?? '-'} (${how}): ${safeLine(greeting.line)} … ${safeLine(greeting.signOff)}\n`);
    });
}

/** `h2h customers register <email> [formal|informal|auto]`: how formally replies to a customer greet and sign off. */
function createRegisterCommand(ctx: AppContext) {
  return new Command('register')
    .description('Show how formally replies to a customer greet and sign off, or set it (auto: the shop\'s register again)')
    .argument('<email>', "the customer's address")
    .argument('[register]', 'formal, informal, or auto')
    .option('--json', 'print {"email", "register", "registerFrom", "greeting"} (shape in docs/json.md)')
    .addHelpText(
      'after',
      '\nA reply you send in the other register sets it too ("Guten Tag Herr Müller,"\n… "Mit freundlichen Grüßen," to someone you wrote "Hallo Jonas," before).\n\nExamples:\n  $ h2h customers register jonas.mueller@example.at     # informal (the shop\'s)\n  $ h2h customers register jonas.mueller@example.at formal\n  $ h2h customers register jonas.mueller@example.at auto',
    )
    .action(async (email: string, register: string | undefined, own: { json?: boolean }, command: Command) => {
      const options = jsonWanted(own, command);
      checkAddress(email);
      if (register !== undefined && !['formal', 'informal', 'auto'].includes(register)) throw new UsageError(`register "${register}": formal, informal or auto`);
      const services = await ctx.servicesFor(command);
      const greeting = register === undefined ? await services.greetings.greet(email) : await services.greetings.setRegister(email, register === 'auto' ? null : (register as 'formal' | 'informal'));
      const address = normaliseAddress(email);
      if (options.json) {
        ctx.io.stdout.write(renderJson({ email: address, register: greeting.register, registerFrom: greeting.registerFrom, greeting: greetingJson(greeting) }));
        return;
      }
      const how = greeting.registerFrom === 'customer' ? 'for them' : "the shop's";
      ctx.io.stdout.write(`${safeLine(address)}: ${greeting.register} (${how}): ${safeLine(greeting.line)} … ${safeLine(greeting.signOff)}\n`);
    });
}

/** `h2h customers merge <person> <address>`: one person with several addresses (issue 19); undone by split. */
function createMergeCommand(ctx: AppContext) {
  return new Command('merge')
    .description("Make an address another address of a customer: its conversations, notes and waiting join the person's")
    .argument('<person>', "the customer's address (an address already merged stands for its person)")
    .argument('<address>', 'their other address')
    .option('--json', 'print {"person", "addresses", "conversations", "notes"} (shape in docs/json.md)')
    .addHelpText('after', '\nExamples:\n  $ h2h customers merge anna@example.fi anna.k@work.example\n  $ h2h customers split anna.k@work.example     # takes it back')
    .action(async (person: string, address: string, own: { json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      printMerge(ctx, await services.customerMerges.merge(person, address), jsonWanted(own, command), 'merged');
    });
}

/** `h2h customers split <address>`: the address is a person of its own again. */
function createSplitCommand(ctx: AppContext) {
  return new Command('split')
    .description('Give a merged address back its own conversations and the notes written about it before the merge')
    .argument('<address>', 'an address merged into another customer')
    .option('--json', 'print {"person", "addresses", "conversations", "notes"} (shape in docs/json.md)')
    .addHelpText('after', '\nExample:\n  $ h2h customers split anna.k@work.example')
    .action(async (address: string, own: { json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      printMerge(ctx, await services.customerMerges.split(address), jsonWanted(own, command), 'split');
    });
}

function printMerge(ctx: AppContext, r: MergeResult, options: { json?: boolean }, done: 'merged' | 'split') {
  if (options.json) {
    ctx.io.stdout.write(renderJson(r));
    return;
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const who = done === 'merged' ? `${safeLine(r.person)} is one person with ${r.addresses.slice(1).map(safeLine).join(', ')}` : `${safeLine(r.person)} is a customer of its own again`;
  ctx.io.stdout.write(`${who}: ${plural(r.conversations, 'conversation')}, ${plural(r.notes, 'note')}\n`);
}

/** The subcommands' --json, wherever it was typed: `customers` has a --json of its own, which commander gives to it. */
const jsonWanted = (own: { json?: boolean }, command: Command) => ({ ...own, ...(command.optsWithGlobals() as { json?: boolean }) });

function checkAddress(email: string): void {
  if (!email.includes('@')) throw new UsageError(`not an email address: ${JSON.stringify(email)}`);
}
