'use strict';
// A classic script, not a module: browsers refuse module scripts on file:// pages, and this page
// also works opened from disk with the URLs in its query string.
// Fjord & Trail: a static page that talks to the shop's five function URLs. The URLs come from
// config.json next to this file (written by the start script) and can be overridden per visit
// with query parameters, so one copy of the page can be pointed at any PoP:
//   index.html?catalogUrl=…&accountUrl=…&cartUrl=…&ordersUrl=…&pop=edge-2
const SERVICES = ['catalogUrl', 'accountUrl', 'cartUrl', 'ordersUrl'];
const config = { pop: '' };
const state = { token: localStorage.getItem('shop.token'), username: localStorage.getItem('shop.username') };
const view = document.getElementById('view');

// ---- configuration --------------------------------------------------------------------------

async function loadConfig() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) Object.assign(config, await response.json());
  } catch {
    // No config.json (e.g. opened from disk): query parameters must name the URLs.
  }
  const params = new URLSearchParams(location.search);
  for (const key of [...SERVICES, 'pop']) if (params.get(key)) config[key] = params.get(key);
  document.getElementById('pop-badge').textContent = config.pop ? `served by ${config.pop}` : '';
  const missing = SERVICES.filter((key) => !config[key]);
  document.getElementById('config-note').textContent = missing.length ? `Missing function URLs: ${missing.join(', ')}.` : '';
  return missing;
}

// ---- API ------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(service, method, path, body) {
  const base = config[`${service}Url`].replace(/\/+$/, '');
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  let response;
  try {
    response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, `Cannot reach the ${service} service. Is the node running?`);
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : {};
  if (!response.ok) {
    if (response.status === 401 && state.token) forgetSession();
    throw new ApiError(response.status, data.message ?? data.Message ?? `HTTP ${response.status}`);
  }
  return data;
}

// ---- small helpers --------------------------------------------------------------------------

const escapeHtml = (value) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
const money = (value) => new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(value);
const CATEGORY_LOOK = {
  footwear: ['🥾', '#f3e9dc'],
  backpacks: ['🎒', '#e3eef7'],
  camping: ['⛺', '#e6f2ee'],
  clothing: ['🧥', '#f4e6ea'],
  cycling: ['🚲', '#eef0e0'],
  kitchen: ['☕', '#f5eee1'],
};
const look = (category) => CATEGORY_LOOK[category] ?? ['🛍️', '#eceff1'];

function flash(message, kind = 'ok') {
  const box = document.getElementById('flash');
  box.textContent = message;
  box.className = `flash ${kind === 'error' ? 'error' : ''}`;
  box.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => (box.hidden = true), 4000);
}

function render(html) {
  view.innerHTML = html;
}

// Each navigation gets a number; a view draws only while it is still the latest one, so a slow
// answer for a page the shopper already left (e.g. home after logging out) cannot overwrite the
// page they are on now.
let navigation = 0;

function renderer() {
  const mine = navigation;
  return (html) => {
    if (mine === navigation) render(html);
  };
}

function rememberSession({ token, user }) {
  state.token = token;
  state.username = user.username;
  localStorage.setItem('shop.token', token);
  localStorage.setItem('shop.username', user.username);
  updateNav();
}

function forgetSession() {
  state.token = null;
  state.username = null;
  localStorage.removeItem('shop.token');
  localStorage.removeItem('shop.username');
  updateNav();
}

function updateNav(cart) {
  const signedIn = Boolean(state.token);
  document.getElementById('nav-login').hidden = signedIn;
  document.getElementById('nav-orders').hidden = !signedIn;
  const user = document.getElementById('nav-user');
  user.hidden = !signedIn;
  user.textContent = state.username ?? '';
  if (cart) document.getElementById('cart-count').textContent = cart.itemCount;
  if (!signedIn) document.getElementById('cart-count').textContent = '0';
}

function requireLogin() {
  if (state.token) return true;
  location.hash = `#/login?next=${encodeURIComponent(location.hash)}`;
  return false;
}

function productCard(product) {
  const [emoji, colour] = look(product.category);
  const low = product.stock === 0 ? 'Sold out' : product.stock <= 5 ? `Only ${product.stock} left` : '';
  return `<a class="card product-card" href="#/product/${encodeURIComponent(product.productId)}">
    <div class="thumb" style="background:${colour}">${emoji}</div>
    <div class="body">
      <span class="muted">${escapeHtml(product.brandName)}</span>
      <strong>${escapeHtml(product.name)}</strong>
      <span class="price">${money(product.price)}</span>
      ${low ? `<span class="stock-low">${low}</span>` : ''}
    </div></a>`;
}

// ---- views ----------------------------------------------------------------------------------

async function homeView() {
  const draw = renderer();
  const [{ categories }, { brands }] = await Promise.all([api('catalog', 'GET', '/categories'), api('catalog', 'GET', '/brands')]);
  draw(`<h1>Gear for long days outside</h1>
    <div class="grid">${categories
      .map((c) => `<a class="tile" href="#/category/${c.slug}"><span class="emoji">${escapeHtml(c.emoji)}</span><strong>${escapeHtml(c.name)}</strong><span class="muted">${escapeHtml(c.description)}</span></a>`)
      .join('')}</div>
    <h2>Brands</h2>
    <div class="chips">${brands.map((b) => `<a class="chip" href="#/brand/${b.slug}">${escapeHtml(b.name)} <span class="muted">${b.productCount}</span></a>`).join('')}</div>`);
}

/** A product grid with "Show more"; `title` may be a function of the first page's items. */
async function listingView(title, path, crumbs = '') {
  const draw = renderer();
  let cursor;
  const items = [];
  const load = async () => {
    const query = cursor ? `${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api('catalog', 'GET', path + query);
    items.push(...page.items);
    cursor = page.cursor;
    const heading = typeof title === 'function' ? title(items) : title;
    draw(`<div class="crumbs">${crumbs}</div><h1>${escapeHtml(heading)}</h1>
      ${items.length ? `<div class="grid">${items.map(productCard).join('')}</div>` : '<p class="muted">Nothing found.</p>'}
      ${cursor ? '<p><button class="secondary" id="more">Show more</button></p>' : ''}`);
    document.getElementById('more')?.addEventListener('click', () => load().catch(showError));
  };
  await load();
}

async function productView(id) {
  const draw = renderer();
  const { product } = await api('catalog', 'GET', `/products/${encodeURIComponent(id)}`);
  const [emoji, colour] = look(product.category);
  draw(`<div class="crumbs"><a href="#/">Shop</a> › <a href="#/category/${product.category}">${escapeHtml(product.categoryName)}</a></div>
    <div class="product">
      <div class="thumb" style="background:${colour}">${emoji}</div>
      <div>
        <a href="#/brand/${product.brand}" class="muted">${escapeHtml(product.brandName)}</a>
        <h1>${escapeHtml(product.name)}</h1>
        <p class="price">${money(product.price)}</p>
        <p>${escapeHtml(product.description)}</p>
        <p class="${product.stock <= 5 ? 'stock-low' : 'muted'}">${product.stock === 0 ? 'Sold out' : `${product.stock} in stock`}</p>
        <div class="buy">
          <input type="number" id="qty" min="1" max="99" value="1" aria-label="Quantity" />
          <button id="add" ${product.stock === 0 ? 'disabled' : ''}>Add to cart</button>
          <button class="secondary" id="like">♥ Like</button>
        </div>
        <div class="stats"><span>${plural(product.views, 'view')}</span><span id="likes">${plural(product.likes, 'like')}</span></div>
      </div>
    </div>`);
  document.getElementById('like').addEventListener('click', async () => {
    try {
      const { product: liked } = await api('catalog', 'POST', `/products/${encodeURIComponent(id)}/like`);
      document.getElementById('likes').textContent = plural(liked.likes, 'like');
    } catch (error) {
      showError(error);
    }
  });
  document.getElementById('add').addEventListener('click', async () => {
    if (!requireLogin()) return;
    try {
      const quantity = Number(document.getElementById('qty').value);
      const { cart } = await api('cart', 'POST', '/cart/items', { productId: id, quantity });
      updateNav(cart);
      flash(`Added ${quantity} × ${product.name} to your cart.`);
    } catch (error) {
      showError(error);
    }
  });
}

function authView(mode, next) {
  const registering = mode === 'register';
  render(`<h1>${registering ? 'Create an account' : 'Log in'}</h1>
    <form class="form" id="auth">
      <label>Username <input name="username" required autocomplete="username" /></label>
      <label>Password <input name="password" type="password" required minlength="${registering ? 8 : 1}" autocomplete="${registering ? 'new-password' : 'current-password'}" /></label>
      ${registering ? '<label>Name (optional) <input name="displayName" /></label><label>Email (optional) <input name="email" type="email" /></label>' : ''}
      <button>${registering ? 'Register' : 'Log in'}</button>
      <p class="muted">${registering ? 'Have an account? <a href="#/login">Log in</a>' : 'New here? <a href="#/register">Create an account</a>'}</p>
    </form>`);
  document.getElementById('auth').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = Object.fromEntries([...new FormData(event.target)].filter(([, value]) => value !== ''));
    try {
      rememberSession(await api('account', 'POST', registering ? '/register' : '/login', fields));
      flash(registering ? `Welcome, ${state.username}!` : `Welcome back, ${state.username}.`);
      location.hash = next || '#/';
    } catch (error) {
      showError(error);
    }
  });
}

async function cartView() {
  const draw = renderer();
  if (!requireLogin()) return;
  const { cart } = await api('cart', 'GET', '/cart');
  updateNav(cart);
  if (cart.items.length === 0) return draw('<h1>Your cart</h1><p class="muted">Your cart is empty. <a href="#/">Find something you like.</a></p>');
  draw(`<h1>Your cart</h1>
    <table class="lines"><thead><tr><th>Product</th><th>Price</th><th>Quantity</th><th class="num">Total</th><th></th></tr></thead><tbody>
    ${cart.items
      .map(
        (line) => `<tr data-id="${escapeHtml(line.productId)}">
        <td><a href="#/product/${encodeURIComponent(line.productId)}">${escapeHtml(line.name)}</a></td>
        <td>${money(line.price)}</td>
        <td><span class="qty"><button class="secondary" data-delta="-1" aria-label="One less">−</button>${line.quantity}<button class="secondary" data-delta="1" aria-label="One more">+</button></span></td>
        <td class="num">${money(line.lineTotal)}</td>
        <td><button class="link" data-remove>Remove</button></td></tr>`,
      )
      .join('')}</tbody></table>
    <div class="summary"><span>${cart.itemCount} items · <strong>${money(cart.total)}</strong></span><a class="button" href="#/checkout">Checkout</a></div>`);
  view.querySelectorAll('tr[data-id]').forEach((row) => {
    const id = row.dataset.id;
    row.querySelectorAll('[data-delta]').forEach((button) =>
      // Changes are sent as deltas: two devices pressing "+" at two PoPs both count.
      button.addEventListener('click', () => api('cart', 'PATCH', `/cart/items/${encodeURIComponent(id)}`, { delta: Number(button.dataset.delta) }).then(cartView, showError)),
    );
    row.querySelector('[data-remove]').addEventListener('click', () => api('cart', 'DELETE', `/cart/items/${encodeURIComponent(id)}`).then(cartView, showError));
  });
}

async function checkoutView() {
  const draw = renderer();
  if (!requireLogin()) return;
  const [{ cart }, { user }] = await Promise.all([api('cart', 'GET', '/cart'), api('account', 'GET', '/profile')]);
  if (cart.items.length === 0) return draw('<h1>Checkout</h1><p class="muted">Your cart is empty.</p>');
  draw(`<h1>Checkout</h1>
    <div class="card" style="padding:1rem 1.5rem; max-width:32rem">
      <p><strong>Ship to</strong><br />${escapeHtml(user.displayName)}<br />${user.address ? escapeHtml(user.address) : '<a href="#/profile">Add a delivery address</a>'}</p>
      <ul>${cart.items.map((line) => `<li>${line.quantity} × ${escapeHtml(line.name)} — ${money(line.lineTotal)}</li>`).join('')}</ul>
      <p class="price">Total ${money(cart.total)}</p>
      <button id="buy">Place order</button>
    </div>`);
  document.getElementById('buy').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      const { order } = await api('orders', 'POST', '/orders');
      updateNav({ itemCount: 0 });
      flash('Thank you! Your order is placed.');
      location.hash = `#/orders/${order.orderId}`;
    } catch (error) {
      event.target.disabled = false;
      showError(error);
    }
  });
}

async function ordersView() {
  const draw = renderer();
  if (!requireLogin()) return;
  const { orders } = await api('orders', 'GET', '/orders');
  draw(`<h1>Your orders</h1>${
    orders.length === 0
      ? '<p class="muted">No orders yet.</p>'
      : `<table class="lines"><thead><tr><th>Order</th><th>Date</th><th>Items</th><th class="num">Total</th></tr></thead><tbody>
        ${orders.map((o) => `<tr><td><a href="#/orders/${o.orderId}">${o.orderId}</a></td><td>${new Date(o.createdAt).toLocaleString()}</td><td>${o.itemCount}</td><td class="num">${money(o.total)}</td></tr>`).join('')}
        </tbody></table>`
  }`);
}

async function orderView(orderId) {
  const draw = renderer();
  if (!requireLogin()) return;
  const { order } = await api('orders', 'GET', `/orders/${encodeURIComponent(orderId)}`);
  draw(`<div class="crumbs"><a href="#/orders">Orders</a> › ${escapeHtml(order.orderId)}</div>
    <h1>Order of ${new Date(order.createdAt).toLocaleString()}</h1>
    <p class="muted">Status: ${escapeHtml(order.status)}${order.pop ? ` · placed at ${escapeHtml(order.pop)}` : ''}</p>
    <table class="lines"><thead><tr><th>Product</th><th>Price</th><th>Quantity</th><th class="num">Total</th></tr></thead><tbody>
    ${order.items.map((i) => `<tr><td>${escapeHtml(i.name)}</td><td>${money(i.price)}</td><td>${i.quantity}</td><td class="num">${money(i.lineTotal)}</td></tr>`).join('')}
    </tbody></table>
    <div class="summary"><strong>${money(order.total)}</strong></div>`);
}

async function profileView() {
  const draw = renderer();
  if (!requireLogin()) return;
  const { user } = await api('account', 'GET', '/profile');
  draw(`<h1>Your profile</h1>
    <form class="form" id="profile">
      <label>Username <input value="${escapeHtml(user.username)}" disabled /></label>
      <label>Name <input name="displayName" value="${escapeHtml(user.displayName)}" /></label>
      <label>Email <input name="email" type="email" value="${escapeHtml(user.email)}" /></label>
      <label>Delivery address <textarea name="address" rows="3">${escapeHtml(user.address)}</textarea></label>
      <button>Save</button>
      <button type="button" class="secondary" id="logout">Log out</button>
    </form>`);
  document.getElementById('profile').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = Object.fromEntries([...new FormData(event.target)].filter(([, value]) => value !== ''));
    api('account', 'PATCH', '/profile', fields).then(() => flash('Saved.'), showError);
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api('account', 'POST', '/logout').catch(() => undefined);
    forgetSession();
    location.hash = '#/';
  });
}

// ---- routing --------------------------------------------------------------------------------

function showError(error) {
  flash(error.message ?? String(error), 'error');
}

async function route() {
  navigation += 1;
  const [path, queryString] = location.hash.slice(1).split('?');
  const query = new URLSearchParams(queryString);
  const parts = (path || '/').split('/').filter(Boolean).map(decodeURIComponent);
  window.scrollTo(0, 0);
  try {
    switch (parts[0]) {
      case undefined:
        return await homeView();
      case 'category':
        return await listingView((items) => items[0]?.categoryName ?? parts[1], `/categories/${encodeURIComponent(parts[1])}/products`, '<a href="#/">Shop</a> › Category');
      case 'brand':
        return await listingView((items) => items[0]?.brandName ?? parts[1], `/brands/${encodeURIComponent(parts[1])}/products`, '<a href="#/">Shop</a> › Brand');
      case 'search':
        return await listingView(`Results for “${query.get('q')}”`, `/search?q=${encodeURIComponent(query.get('q') ?? '')}`, '<a href="#/">Shop</a> › Search');
      case 'product':
        return await productView(parts[1]);
      case 'login':
      case 'register':
        return authView(parts[0], query.get('next'));
      case 'cart':
        return await cartView();
      case 'checkout':
        return await checkoutView();
      case 'orders':
        return parts[1] ? await orderView(parts[1]) : await ordersView();
      case 'profile':
        return await profileView();
      default:
        return render('<h1>Not found</h1><p><a href="#/">Back to the shop</a></p>');
    }
  } catch (error) {
    if (error.status === 401) return authView('login', location.hash);
    render(`<h1>Something went wrong</h1><p class="muted">${escapeHtml(error.message)}</p>`);
  }
}

document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = document.getElementById('search-input').value.trim();
  if (q) location.hash = `#/search?q=${encodeURIComponent(q)}`;
});

(async function start() {
  const missing = await loadConfig();
  updateNav();
  if (missing.length) {
    render(`<h1>Almost there</h1><p>This page needs the shop's function URLs. Put them in <code>config.json</code> next to
      <code>index.html</code> or pass them as query parameters: <code>${SERVICES.map((s) => `${s}=…`).join('&amp;')}</code>.</p>`);
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
  if (state.token) api('cart', 'GET', '/cart').then(({ cart }) => updateNav(cart), () => undefined);
})();
