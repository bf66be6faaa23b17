/**
 * The demo shop's mail: Nordic Feet, a small shoe shop in Tampere, answered by Riitta Virtanen.
 * Written as data (who said what, how long ago) so the demo always looks current: dates are
 * computed from the moment the demo is created. Several languages, HTML-only mail, attachments,
 * long threads, returning customers, a customer without a name, a reply without threading headers.
 */
export type DemoTurn = {
  who: 'customer' | 'shop';
  /** Minutes before the demo is created. */
  ago: number;
  text: string;
  /** Send as HTML only (no text part), as some webmail and shop systems do. */
  htmlOnly?: boolean;
  attachment?: { filename: string; contentType: string; base64: string };
  /** The customer's mail client dropped In-Reply-To/References (a web form, a phone app). */
  noThreadingHeaders?: boolean;
  /** Sent to someone else in CC. */
  cc?: string;
  /** The customer writing from another address of theirs (h2h suggests making them one person). */
  from?: string;
};

export type DemoConversation = {
  customer: { name: string; email: string };
  subject: string;
  turns: DemoTurn[];
  tags?: string[];
  status?: 'closed' | 'snoozed' | 'waiting';
  note?: string;
  customerNote?: string;
  /** The owner's promise (issue 19): due `in` minutes from now (negative: already due), and what was promised. */
  promise?: { in: number; text: string };
};

const h = 60;
const d = 24 * h;

// A one-page PDF and a 1×1 JPEG: real files, tiny.
const pdf =
  'JVBERi0xLjQKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZy9QYWdlcyAyIDAgUj4+ZW5kb2JqCjIgMCBvYmo8PC9UeXBlL1BhZ2VzL0tpZHNbMyAwIFJdL0NvdW50IDE+PmVuZG9iagozIDAgb2JqPDwvVHlwZS9QYWdlL01lZGlhQm94WzAgMCAzMDAgMTQ0XS9QYXJlbnQgMiAwIFI+PmVuZG9iagp0cmFpbGVyPDwvUm9vdCAxIDAgUj4+CiUlRU9G';
const jpeg =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

export const demoConversations: DemoConversation[] = [
  {
    customer: { name: 'Anna Korhonen', email: 'anna.korhonen@example.fi' },
    subject: 'Kengät liian pienet – vaihto isompaan?',
    tags: ['exchange'],
    turns: [
      { who: 'customer', ago: 26 * h, text: 'Hei!\n\nTilasin viime viikolla Aalto-nilkkurit koossa 38, mutta ne ovat vähän liian pienet. Voinko vaihtaa ne kokoon 39?\n\nTilausnumero on 10482.\n\nTerveisin\nAnna' },
      { who: 'shop', ago: 25 * h, text: 'Hei Anna,\n\nTotta kai! Lähetän sinulle palautuslapun sähköpostilla, ja koko 39 lähtee heti kun saamme paketin.\n\nRiitta' },
      { who: 'customer', ago: 3 * h, text: 'Kiitos! Paketti on nyt postissa. Ehtisikö uusi pari vielä ennen lauantaita? Olemme lähdössä Lappiin.\n\nAnna' },
      // From her work address, in the same thread: the same person, which h2h suggests (M), never decides.
      { who: 'customer', ago: 2 * h, from: 'anna.korhonen@tyo.example', text: 'Vielä yksi asia: voisitteko lähettää kuitin myös tähän työosoitteeseeni? Kiitos!\n\nAnna' },
    ],
    note: 'Size 39 reserved from the last box in stock.',
  },
  {
    customer: { name: 'Anna Korhonen', email: 'anna.korhonen@example.fi' },
    subject: 'Lahjakortti',
    status: 'closed',
    turns: [
      { who: 'customer', ago: 420 * d, text: 'Hei, myyttekö lahjakortteja? Haluaisin ostaa sellaisen äidilleni.\n\nAnna' },
      { who: 'shop', ago: 419 * d, text: 'Hei Anna,\n\nMyydään! Lahjakortin saa verkkokaupasta 25, 50 tai 100 euron arvoisena.\n\nRiitta' },
      { who: 'customer', ago: 418 * d, text: 'Kiitos, tilasin juuri!' },
    ],
  },
  {
    customer: { name: 'Anna Korhonen', email: 'anna.korhonen@example.fi' },
    subject: 'Kengänhoito talvella',
    status: 'closed',
    turns: [
      { who: 'customer', ago: 300 * d, text: 'Moi, miten nahkakengät kannattaa suojata suolalta?' },
      { who: 'shop', ago: 299 * d, text: 'Hei Anna,\n\nSuosittelen vahaa ja kuivausta huoneenlämmössä, ei patterin päällä.\n\nRiitta' },
    ],
  },
  {
    customer: { name: 'Anna Korhonen', email: 'anna.korhonen@example.fi' },
    subject: 'Kiitos!',
    status: 'closed',
    turns: [{ who: 'customer', ago: 200 * d, text: 'Halusin vain sanoa, että kengät ovat ihanat. Kiitos hyvästä palvelusta!' }],
  },
  {
    customer: { name: 'Lukas Schmidt', email: 'lukas.schmidt@example.de' },
    subject: 'Rücksendung Bestellung 10455 – Erstattung?',
    tags: ['refund'],
    turns: [
      {
        who: 'customer',
        ago: 2 * d + 5 * h,
        text: 'Guten Tag,\n\nich habe die Stiefel „Koli“ am Montag zurückgeschickt (Sendungsnummer im Anhang). Wann kann ich mit der Erstattung rechnen?\n\nMit freundlichen Grüßen\nLukas Schmidt',
        attachment: { filename: 'Rücksendeschein-10455.pdf', contentType: 'application/pdf', base64: pdf },
      },
    ],
  },
  {
    customer: { name: 'Emma Johansson', email: 'emma.j@example.se' },
    subject: 'Leveranstid till Göteborg',
    turns: [
      { who: 'customer', ago: 50, text: 'Hej!\n\nHur lång tid tar leveransen till Göteborg? Jag behöver skorna till ett bröllop den 14:e.\n\nVänliga hälsningar,\nEmma' },
    ],
  },
  {
    customer: { name: '田中 優希', email: 'yuki.tanaka@example.jp' },
    subject: '注文した靴がまだ届きません',
    tags: ['shipping'],
    promise: { in: 2 * d, text: 'ask Posti about the customs hold' },
    turns: [
      { who: 'customer', ago: 6 * d, text: 'こんにちは。\n\n注文番号10391の靴がまだ届いていません。追跡番号を教えていただけますか？\n\n田中' },
      { who: 'shop', ago: 6 * d - 2 * h, text: 'Hello Yuki,\n\nSorry for the wait! Your parcel left Tampere on Monday; the tracking number is JP123456789FI. Japan Post usually needs 7–10 days.\n\nRiitta' },
      { who: 'customer', ago: 20 * h, text: 'ありがとうございます。追跡を見ましたが、税関で止まっているようです。どうすればいいですか？\n\n田中' },
    ],
  },
  {
    customer: { name: 'Sophie Martin', email: 'sophie.martin@example.fr' },
    subject: 'Question sur la couleur « Sauna »',
    turns: [
      {
        who: 'customer',
        ago: 9 * h,
        htmlOnly: true,
        text: '<html><body><p>Bonjour,</p><p>Les baskets <b>Sauna</b> sont-elles plutôt <i>marron</i> ou <i>rouge brique</i> ? Sur mon écran c’est difficile à dire.</p><p>Voici le lien : <a href="https://shop.example/sauna">shop.example/sauna</a></p><p>Merci !<br>Sophie</p><img src="https://tracker.example/pixel.gif"></body></html>',
      },
    ],
  },
  {
    customer: { name: 'Mark Thompson', email: 'mark.thompson@example.co.uk' },
    subject: 'Sole coming loose after two weeks',
    tags: ['defect', 'warranty'],
    note: 'Batch K-22 of the Koli boots: third sole complaint. Supplier informed.',
    turns: [
      { who: 'customer', ago: 12 * d, text: "Hi,\n\nThe sole of my left Koli boot is coming loose at the toe after only two weeks. Photo attached.\n\nWhat can be done?\n\nMark", attachment: { filename: 'boot-sole.jpg', contentType: 'image/jpeg', base64: jpeg } },
      { who: 'shop', ago: 12 * d - 3 * h, text: "Hi Mark,\n\nI'm sorry, that should not happen. Could you tell me the batch code printed inside the tongue?\n\nRiitta" },
      { who: 'customer', ago: 11 * d, text: 'It says K-22.\n\nMark' },
      { who: 'shop', ago: 11 * d - h, text: "Thanks Mark. That batch had a glue problem. I can offer a repair at a cobbler near you (we pay) or a new pair. Which do you prefer?\n\nRiitta" },
      { who: 'customer', ago: 10 * d, text: "A new pair would be great, same size (44).\n\nMark" },
      { who: 'shop', ago: 10 * d - 2 * h, text: "Done: a new pair in 44 leaves tomorrow. Please keep the old ones until it arrives.\n\nRiitta" },
      { who: 'customer', ago: 6 * d, text: "New pair arrived, thanks! Should I send the old ones back?\n\nMark" },
      { who: 'shop', ago: 6 * d - h, text: "No need, please recycle them. Enjoy the new boots!\n\nRiitta" },
      { who: 'customer', ago: 4 * h, text: "Hi again Riitta,\n\nSorry to bother you, but the new pair squeaks on the right heel. Is that normal for the first weeks?\n\nMark" },
    ],
  },
  {
    customer: { name: 'Carlos García', email: 'carlos@zapateria-garcia.example.es' },
    subject: 'Consulta de venta al por mayor',
    turns: [
      { who: 'customer', ago: 3 * d, text: 'Hola,\n\nTengo una zapatería en Valencia y me interesan sus botas para la próxima temporada. ¿Ofrecen precios para distribuidores?\n\nUn saludo,\nCarlos García' },
      { who: 'shop', ago: 3 * d - 4 * h, text: 'Hola Carlos,\n\n¡Gracias por su interés! Adjunto nuestra lista de precios para distribuidores.\n\nRiitta', attachment: { filename: 'wholesale-2026.csv', contentType: 'text/csv', base64: Buffer.from('model,size range,price EUR\nKoli,36-46,89\nAalto,36-42,74\nSauna,36-45,65\n').toString('base64') } },
    ],
    status: 'waiting',
  },
  {
    customer: { name: 'Priya Nair', email: 'priya.nair@example.in' },
    subject: 'Gift card code not accepted',
    tags: ['giftcard'],
    turns: [{ who: 'customer', ago: 30 * h, text: 'Hello,\n\nThe gift card code GC-7731-XK says "invalid" at checkout. My friend bought it last month. Could you check?\n\nThank you,\nPriya' }],
  },
  {
    customer: { name: 'Olivia Brown', email: 'olivia.brown@example.com' },
    subject: 'Thank you!',
    status: 'closed',
    turns: [
      { who: 'customer', ago: 8 * d, text: 'Just wanted to say the Aalto boots are the comfiest shoes I have ever owned. Thank you for the handwritten note in the box!\n\nOlivia' },
      { who: 'shop', ago: 8 * d - h, text: 'Hi Olivia,\n\nThank you, that made my day!\n\nRiitta' },
    ],
  },
  {
    customer: { name: '', email: 'purchasing@bigcorp.example' },
    subject: 'Invoice request PO-88213',
    tags: ['invoice'],
    turns: [{ who: 'customer', ago: 5 * h, text: 'Please send an invoice with our VAT number FI12345678 for purchase order PO-88213.\n\nPurchasing department' }],
  },
  {
    customer: { name: 'Jonas Müller 🥾', email: 'jonas.mueller@example.at' },
    subject: 'Größentabelle für Kinder?',
    turns: [{ who: 'customer', ago: 2 * h, text: 'Servus,\n\ngibt es die Aalto auch in Kindergrößen? Mein Sohn hat Größe 31.\n\nJonas' }],
  },
  {
    customer: { name: 'Maria Rossi', email: 'maria.rossi@example.it' },
    subject: 'Ordine 10477 – indirizzo sbagliato',
    tags: ['shipping'],
    turns: [
      { who: 'customer', ago: 4 * d, text: "Buongiorno,\n\nho sbagliato l'indirizzo nell'ordine 10477: il numero civico è 14, non 41. È possibile correggerlo?\n\nGrazie,\nMaria" },
      { who: 'shop', ago: 4 * d - h, text: 'Buongiorno Maria,\n\ncorretto! Il pacco partirà domani con il numero civico 14.\n\nRiitta' },
      // Replied from a phone app that drops threading headers: joined by customer and subject.
      { who: 'customer', ago: 90, text: 'Grazie mille! Il pacco è arrivato oggi.\n\nMaria', noThreadingHeaders: true },
    ],
  },
  {
    customer: { name: 'Tom Becker', email: 'tom.becker@example.com' },
    subject: 'Waterproofing spray',
    status: 'snoozed',
    turns: [
      { who: 'customer', ago: 2 * d, text: 'Do you sell the waterproofing spray you mention on the product page? I could not find it in the shop.\n\nTom' },
      { who: 'shop', ago: 2 * d - h, text: 'Hi Tom,\n\nIt is back in stock next week; I will write to you as soon as it arrives.\n\nRiitta' },
    ],
  },
  {
    customer: { name: 'Eeva Mäkinen', email: 'eeva.makinen@example.fi' },
    subject: 'Palautus: väärä väri',
    tags: ['refund'],
    turns: [
      { who: 'customer', ago: 7 * d, text: 'Hei, sain väärän värin (tilasin mustat, tuli ruskeat). Miten palautan?\n\nEeva' },
      { who: 'shop', ago: 7 * d - 2 * h, text: 'Hei Eeva,\n\nPahoittelut! Liitteenä maksuton palautuslappu. Mustat lähtevät heti.\n\nRiitta', attachment: { filename: 'palautuslappu.pdf', contentType: 'application/pdf', base64: pdf } },
      { who: 'customer', ago: 5 * d, text: 'Kiitos, palautus lähetetty. Haluaisin kuitenkin mieluummin rahat takaisin kuin uudet kengät.\n\nEeva' },
    ],
  },
  {
    customer: { name: 'Liam O’Connor', email: 'liam.oconnor@example.ie' },
    subject: 'Vegan materials?',
    turns: [
      { who: 'customer', ago: 15 * d, text: 'Hi, are any of your shoes made without leather?\n\nLiam' },
      { who: 'shop', ago: 15 * d - 3 * h, text: 'Hi Liam,\n\nThe Sauna sneakers are fully vegan (cork and recycled canvas).\n\nRiitta' },
    ],
    status: 'closed',
  },
  {
    customer: { name: 'Sofia Andersson', email: 'sofia.andersson@example.se' },
    subject: 'Rabattkod fungerar inte',
    turns: [{ who: 'customer', ago: 36 * h, text: 'Hej, rabattkoden VINTER20 från ert nyhetsbrev fungerar inte i kassan.\n\nSofia' }],
  },
  {
    customer: { name: 'Pierre Dubois', email: 'pierre.dubois@example.be' },
    subject: 'Re: Votre commande 10460 a été expédiée',
    turns: [
      { who: 'customer', ago: 3 * d + 6 * h, text: 'Bonjour,\n\nLe suivi indique « livré » mais je n’ai rien reçu. Le colis a peut-être été déposé chez un voisin ?\n\nPierre' },
      { who: 'shop', ago: 3 * d, text: 'Bonjour Pierre,\n\nJ’ai ouvert une enquête chez le transporteur ; je vous tiens au courant dès que j’ai une réponse.\n\nRiitta' },
    ],
    tags: ['shipping', 'lost-parcel'],
    status: 'waiting',
  },
  {
    customer: { name: 'Hannah Lee', email: 'hannah.lee@example.com' },
    subject: 'Can I change my order before it ships?',
    turns: [{ who: 'customer', ago: 25, text: "Hi! I just ordered the Koli boots in 39 but meant 40. Is it too late to change?\n\nHannah" }],
  },
  {
    customer: { name: 'Oskar Nieminen', email: 'oskar.nieminen@example.fi' },
    subject: 'Yritysasiakkaan lasku',
    status: 'closed',
    turns: [
      { who: 'customer', ago: 40 * d, text: 'Hei, tarvitsisimme laskun yrityksen nimellä tilauksesta 10301.\n\nOskar' },
      { who: 'shop', ago: 40 * d - h, text: 'Hei Oskar,\n\nLasku liitteenä.\n\nRiitta', attachment: { filename: 'lasku-10301.pdf', contentType: 'application/pdf', base64: pdf } },
      { who: 'customer', ago: 39 * d, text: 'Kiitos!' },
    ],
  },
  {
    customer: { name: 'Grace Kim', email: 'grace.kim@example.kr' },
    subject: '사이즈 문의',
    turns: [{ who: 'customer', ago: 14 * h, text: '안녕하세요, 발 길이가 245mm인데 어떤 사이즈를 주문해야 할까요?\n\nGrace' }],
  },
  {
    customer: { name: 'Ahmed Hassan', email: 'ahmed.hassan@example.eg' },
    subject: 'Shipping to Egypt',
    turns: [
      { who: 'customer', ago: 9 * d, text: 'Hello, do you ship to Cairo? And how much would customs be?\n\nAhmed' },
      { who: 'shop', ago: 9 * d - 5 * h, text: 'Hi Ahmed,\n\nWe do! Shipping is 25 EUR; customs are charged by Egyptian customs on delivery, usually around 20% of the value.\n\nRiitta' },
      { who: 'customer', ago: 8 * d, text: 'Thanks, I will order this weekend.\n\nAhmed' },
    ],
    status: 'closed',
    // Due since yesterday: the closed conversation is back, open and first, until it is dealt with.
    promise: { in: -d, text: 'check that his order reached Cairo' },
  },
  {
    customer: { name: 'Kaisa Lehtonen', email: 'kaisa.lehtonen@example.fi' },
    subject: 'Korjauspalvelu',
    turns: [
      { who: 'customer', ago: 18 * h, text: 'Hei, korjaatteko vanhoja kenkiä? Minulla on teiltä viisi vuotta sitten ostetut Kolit, joiden pohjat ovat kuluneet.\n\nKaisa' },
    ],
    customerNote: 'Loyal customer since the shop opened; prefers phone calls.',
  },
  {
    customer: { name: 'Daniel Novak', email: 'daniel.novak@example.cz' },
    subject: 'Fwd: Order confirmation 10490',
    turns: [{ who: 'customer', ago: 11 * h, text: 'Hello, I received this confirmation twice and was charged twice. Could you refund one of the payments?\n\nDaniel\n\n---------- Forwarded message ---------\nFrom: Nordic Feet <hello@shop.example>\nSubject: Order confirmation 10490\n\nThank you for your order!', }],
    tags: ['refund', 'billing'],
  },
  {
    customer: { name: 'Lotte de Vries', email: 'lotte.devries@example.nl' },
    subject: 'Openingstijden winkel Tampere',
    turns: [
      { who: 'customer', ago: 21 * d, text: 'Hallo, is de winkel in Tampere ook op zondag open? We zijn daar in juli op vakantie.\n\nLotte' },
      { who: 'shop', ago: 21 * d - 2 * h, text: 'Hi Lotte,\n\nIn July we are open on Sundays 12–16. Welcome!\n\nRiitta' },
    ],
    status: 'closed',
  },
  {
    customer: { name: 'Noah Williams', email: 'noah.w@example.com' },
    subject: 'Laces for Koli boots',
    turns: [{ who: 'customer', ago: 7 * h, text: "Hey, can I buy replacement laces for the Koli boots? Mine snapped.\n\nNoah", cc: 'noah.partner@example.com' }],
  },
];
