# quartier: the planning program of MODEL.md, stated in GNU MathProg.
#
# An independent formulation of the program the library builds with GLPK's API (lib/model.c): it
# follows MODEL.md literally, without the library's reformulations (no auxiliary placement column,
# no tightening rows, conversion cost not telescoped, Kombimodell orders not cut at the horizon,
# offer eligibility decided here from rents and caps). Both must reach the same optimal objective;
# tests/test_crosscheck.c checks that with glpsol.
#
# Data: `quartier export SCENARIO --mathprog DIR` writes DIR/quartier.dat (and copies this file).
# Solve: glpsol -m models/quartier.mod -d DIR/quartier.dat -o solution.txt
#
# Sites, Kombimodell sites, municipalities, rent areas and offers are numbered 1..n in the order
# of the scenario file; the data file names each one's id in a comment. With futures every variable
# and constraint holds per future f, tied by the non-anticipativity rows of the committed quarters.

# ---------------------------------------------------------------- periods and household classes
param T integer >= 1;                 # periods t = 1..T; t = 0 is the starting state
set TT := 1..T;
set T0 := 0..T;
set H := 1..5;                        # household classes 1, 2, 3, 4, 5+
param size{H} integer > 0;            # persons s_h per household of class h

# ---------------------------------------------------------------- intake and households
param intake{TT} integer >= 0;        # persons assigned by the state in t
param backlog0 integer >= 0;          # persons owed to the state at start
param F0{H} integer >= 0;             # households entitled to AU and still in a GU at start
param entitled{H, TT} integer >= 0, default 0;

# ---------------------------------------------------------------- GU sites
param nG integer >= 0;
set G := 1..nG;
param places{G} integer >= 0;
param occupied{G} integer >= 0;
param open0{G} binary;
param temporary{G} binary;            # kind provisional or sports_hall
param avail_from{G} integer;          # first period it may be open
param avail_until{G} integer;         # last period it may be open
param vacate_by{G} integer;           # closed from this period on
param cp{G} >= 0;                     # per occupied place and quarter
param cf{G} >= 0;                     # per open quarter
param co{G} >= 0;                     # once for opening
param cc{G} >= 0;                     # once for closing

# ---------------------------------------------------------------- municipalities
param nM integer >= 1;
set M := 1..nM;
param au_places{M, TT} >= 0;
param A0{M} >= 0;                     # persons in the AU stock at start
param ca{M} >= 0;                     # per AU person and quarter
param area{M} integer >= 0;           # rent area; 0: none
param exit_rate >= 0, <= 1;

# ---------------------------------------------------------------- Kombimodell sites
param nK integer >= 0;
set K := 1..nK;
param kmuni{K} integer in M;
param max_modules{K} integer >= 0;
param ppm{K} integer >= 0;            # places per module
param lead{K} integer >= 0;           # quarters from order to use
param earliest{K} integer >= 1;       # first period an order may be placed
param cm{K} >= 0;                     # per module
param cv{K} >= 0;                     # per module converted to AU
param cg{K} >= 0;                     # per occupied GU place and quarter

# ---------------------------------------------------------------- rent caps and flat offers
param nA integer >= 0;
set AREAS := 0..nA;
param cap{AREAS, H} default -1;       # monthly cap (KdU); < 0: none
param cap_factor >= 0;
param nO integer >= 0;
set O := 1..nO;
param omuni{O} integer in M;
param operiod{O} integer in TT;
param oclass{O} integer in H;
param units{O} integer >= 0;
param rent{O} >= 0;                   # monthly

# ---------------------------------------------------------------- quotas and penalties
param q{M, TT} integer >= 0;          # cumulative AU quota (computed before the program)
param P_unhoused >= 0;
param P_backlog >= 0;
param P_waiting >= 0;
param P_provisional >= 0;
param P_under >= 0;
param P_over >= 0;
param P_move >= 0;

# ---------------------------------------------------------------- measures (MODEL.md "Extensions")
param space_std{TT} >= 0, default 0;  # m2 per place in t; 0: no standard given
param gu_area{G} >= 0, default 0;     # living space of the site in m2; 0: not given
param tr_earliest{G} integer >= 0, default 0; # first period of handing over; 0: never
param tr_au{G} integer >= 0, default 0;       # AU places the site gives once handed over
param ct{G} >= 0, default 0;          # once, for handing over
param gmuni{G} integer >= 0, default 0; # municipality of a site that may be handed over
param land_pp >= 0, default 0;        # Land, per person taken in
param land_vu >= 0, default 0;        # Land, per person in vU and quarter
param to_muni >= 0, default 0;        # district to municipality, per person placed into AU
param fed_share >= 0, <= 1, default 0; # federal share of the KdU
param district binary, default 0;     # 1: minimise the district's net cost instead of the real cost

# ---------------------------------------------------------------- futures (MODEL.md "Futures")
# Without futures the data give none of these: one future of probability 1 with the data above.
param nF integer >= 1, default 1;
set FF := 1..nF;
param prob{FF} > 0, <= 1, default 1;
param nC integer >= 0, default 0;     # committed quarters K
param worst binary, default 0;        # objective: 0 expected, 1 worst
param intake_f{t in TT, f in FF} integer >= 0, default intake[t];
param entitled_f{h in H, t in TT, f in FF} integer >= 0, default entitled[h, t];
param q_f{m in M, t in TT, f in FF} integer >= 0, default q[m, t];
check abs(sum{f in FF} prob[f] - 1) <= 1e-9;

# ---------------------------------------------------------------- derived data
param V0 := sum{g in G} occupied[g] - sum{h in H} size[h] * F0[h];
check V0 >= 0;
param allowed{g in G, t in TT} :=
	if t >= avail_from[g] and t <= avail_until[g] and t < vacate_by[g] then 1 else 0;
# An offer is eligible iff its rent is within its cap times the factor (the library's tolerance).
set OE := {w in O: cap[area[omuni[w]], oclass[w]] >= 0
	and rent[w] <= cap[area[omuni[w]], oclass[w]] * cap_factor * (1 + 1e-9)};
set OM{m in M} := {w in OE: omuni[w] = m};
set OHT{h in H, t in TT} := {w in OE: oclass[w] = h and operiod[w] = t};
set KM{m in M} := {k in K: kmuni[k] = m};
set GM{m in M} := {g in G: tr_earliest[g] > 0 and gmuni[g] = m};
# Site capacity under the living-space standard: min(places, floor(area / standard)).
param capg{g in G, t in TT} :=
	if gu_area[g] > 0 and space_std[t] > 0 then min(places[g], floor(gu_area[g] / space_std[t] + 1e-9))
	else places[g];
param kdu{w in O} := rent[w] * 3 * (T - operiod[w] + 1);

# ---------------------------------------------------------------- variables
var acc{TT, FF} integer >= 0;             # persons taken in from the state
var bl{T0, FF} >= 0;                      # backlog
var V{T0, FF} >= 0;                       # persons in vU
var F{H, T0, FF} >= 0;                    # waiting households (Fehlbeleger)
var U{TT, FF} >= 0;                       # persons without a planned place
var x{G, TT, FF} integer >= 0;            # persons in GU g
var o{G, T0, FF} binary;                  # GU open
var up{G, TT, FF} binary;                 # opened in t
var dn{G, TT, FF} binary;                 # closed in t
var tr{G, TT, FF} binary;                 # handed over to its municipality in t
var b{K, TT, FF} integer >= 0;            # modules ordered in t
var ng{K, TT, FF} integer >= 0;           # modules used as GU
var na{K, T0, FF} integer >= 0;           # modules used as AU
var y{K, TT, FF} integer >= 0;            # persons in the GU modules of k
var as{M, H, TT, FF} integer >= 0;        # households placed into AU stock places of m
var ao{OE, FF} integer >= 0;              # households placed into offer w
var A{M, T0, FF} >= 0;                    # persons in the AU stock of m
var under{M, TT, FF} >= 0;
var over{M, TT, FF} >= 0;

# ---------------------------------------------------------------- objective (euro)
# Real cost by payer (MODEL.md "Who pays"): sites, KdU, payments to municipalities and from the Land.
param kdu_share := if district = 1 then 1 - fed_share else 1;
# Z[f]: the objective of MODEL.md in future f; the program minimises its expectation over the
# futures, or (objective worst) the largest, W.
var Z{FF};
var W;
minimize total: if worst = 1 then W else sum{f in FF} prob[f] * Z[f];
s.t. worst_bound{f in FF: worst = 1}: W >= Z[f];
s.t. objective_of_future{f in FF}: Z[f] =
	sum{t in TT} (
		sum{g in G} (cp[g] * x[g, t, f] + cf[g] * o[g, t, f] + co[g] * up[g, t, f] + cc[g] * dn[g, t, f]
		             + ct[g] * tr[g, t, f])
		+ sum{k in K} (cm[k] * b[k, t, f] + cv[k] * (na[k, t, f] - na[k, t - 1, f]) + cg[k] * y[k, t, f])
		+ (if district = 1 then
		     to_muni * (sum{m in M, h in H} size[h] * as[m, h, t, f]
		                + sum{w in OE: operiod[w] = t} size[oclass[w]] * ao[w, f])
		     - land_pp * acc[t, f] - land_vu * V[t, f]
		   else sum{m in M} ca[m] * A[m, t, f])
		+ P_unhoused * U[t, f] + P_backlog * bl[t, f]
		+ P_waiting * sum{h in H} size[h] * F[h, t, f]
		+ P_under * sum{m in M} under[m, t, f] + P_over * sum{m in M} over[m, t, f]
		+ P_provisional * sum{g in G: temporary[g] = 1} x[g, t, f])
	+ sum{w in OE} kdu_share * kdu[w] * ao[w, f]
	+ P_move * (sum{m in M, h in H, t in TT} as[m, h, t, f] + sum{w in OE} ao[w, f]);

# ---------------------------------------------------------------- non-anticipativity
# The site and module decisions of the committed quarters are the same in every future.
s.t. same_open{g in G, t in TT, f in FF: t <= nC and f > 1}: o[g, t, f] = o[g, t, 1];
s.t. same_opening{g in G, t in TT, f in FF: t <= nC and f > 1}: up[g, t, f] = up[g, t, 1];
s.t. same_closing{g in G, t in TT, f in FF: t <= nC and f > 1}: dn[g, t, f] = dn[g, t, 1];
s.t. same_handover{g in G, t in TT, f in FF: t <= nC and f > 1}: tr[g, t, f] = tr[g, t, 1];
s.t. same_orders{k in K, t in TT, f in FF: t <= nC and f > 1}: b[k, t, f] = b[k, t, 1];
s.t. same_conversions{k in K, t in TT, f in FF: t <= nC and f > 1}: na[k, t, f] = na[k, t, 1];

# ---------------------------------------------------------------- 1. intake
s.t. backlog_start{f in FF}: bl[0, f] = backlog0;
s.t. intake_balance{t in TT, f in FF}: bl[t, f] = bl[t - 1, f] + intake_f[t, f] - acc[t, f];

# ---------------------------------------------------------------- 2. vU balance
s.t. vu_start{f in FF}: V[0, f] = V0;
s.t. vu_balance{t in TT, f in FF}: V[t, f] = V[t - 1, f] + acc[t, f] - sum{h in H} size[h] * entitled_f[h, t, f];

# ---------------------------------------------------------------- 3. waiting pool
s.t. waiting_start{h in H, f in FF}: F[h, 0, f] = F0[h];
s.t. waiting_balance{h in H, t in TT, f in FF}:
	F[h, t, f] = F[h, t - 1, f] + entitled_f[h, t, f] - sum{m in M} as[m, h, t, f] - sum{w in OHT[h, t]} ao[w, f];

# ---------------------------------------------------------------- 4. GU places
s.t. gu_places{t in TT, f in FF}:
	sum{g in G} x[g, t, f] + sum{k in K} y[k, t, f] + U[t, f] = V[t, f] + sum{h in H} size[h] * F[h, t, f];

# ---------------------------------------------------------------- 5. site capacity and status
s.t. site_capacity{g in G, t in TT, f in FF}: x[g, t, f] <= capg[g, t] * o[g, t, f];
s.t. site_closed{g in G, t in TT, f in FF: allowed[g, t] = 0}: o[g, t, f] = 0;
s.t. site_start{g in G, f in FF}: o[g, 0, f] = open0[g];
s.t. site_status{g in G, t in TT, f in FF}: o[g, t, f] = o[g, t - 1, f] + up[g, t, f] - dn[g, t, f] - tr[g, t, f];
s.t. open_once{g in G, f in FF}: sum{t in TT} up[g, t, f] <= 1;
s.t. close_once{g in G, f in FF}: sum{t in TT} (dn[g, t, f] + tr[g, t, f]) <= 1;

# ---------------------------------------------------------------- handing a GU over
s.t. no_transfer{g in G, t in TT, f in FF: tr_earliest[g] = 0 or t < tr_earliest[g]}: tr[g, t, f] = 0;
s.t. transfer_once{g in G, f in FF}: sum{t in TT} tr[g, t, f] <= 1;
s.t. transfer_running{g in G, t in TT, f in FF}: tr[g, t, f] <= o[g, t - 1, f];
# never opened again: not in the transfer period (it would keep running as GU) nor after
s.t. transfer_no_reopen{g in G, t in TT, f in FF}: up[g, t, f] <= 1 - sum{tau in TT: tau <= t} tr[g, tau, f];

# ---------------------------------------------------------------- 6. Kombimodell
s.t. modules_max{k in K, f in FF}: sum{t in TT} b[k, t, f] <= max_modules[k];
s.t. order_not_before{k in K, t in TT, f in FF: t < earliest[k]}: b[k, t, f] = 0;
s.t. modules_ready{k in K, t in TT, f in FF}:
	ng[k, t, f] + na[k, t, f] <= sum{tau in TT: tau <= t - lead[k]} b[k, tau, f];
s.t. conversion_start{k in K, f in FF}: na[k, 0, f] = 0;
s.t. conversion_one_way{k in K, t in TT, f in FF}: na[k, t, f] >= na[k, t - 1, f];
s.t. module_places{k in K, t in TT, f in FF}: y[k, t, f] <= ppm[k] * ng[k, t, f];

# ---------------------------------------------------------------- 7. AU stock
s.t. au_start{m in M, f in FF}: A[m, 0, f] = A0[m];
s.t. au_stock{m in M, t in TT, f in FF}:
	A[m, t, f] = (1 - exit_rate) * A[m, t - 1, f] + sum{h in H} size[h] * as[m, h, t, f];
s.t. au_capacity{m in M, t in TT, f in FF}: A[m, t, f] <= au_places[m, t] + sum{k in KM[m]} ppm[k] * na[k, t, f]
	+ sum{g in GM[m]} tr_au[g] * sum{tau in TT: tau <= t} tr[g, tau, f];

# ---------------------------------------------------------------- valid inequalities
# Not part of MODEL.md and cutting off no integer plan: whole persons in the AU stock. From 7, the
# persons placed into the stock of m up to t equal A[m,t] - A0 + exit_rate * sum_{tau<t} A[m,tau],
# so at most au_bound (every stock at its places). Without converted modules that count is whole,
# hence at most floor(au_bound); once a module is converted or a site handed over, its places lift
# the plain bound (from then on at most au_bound plus those places, with their share of the exits).
param au_bound{m in M, t in TT} :=
	au_places[m, t] - A0[m] + exit_rate * (A0[m] + sum{tau in TT: tau < t} au_places[m, tau]);
param au_floor{m in M, t in TT} := floor(au_bound[m, t] + 1e-9);
s.t. au_whole_persons{m in M, t in TT, f in FF}:
	sum{tau in TT: tau <= t} sum{h in H} size[h] * as[m, h, tau, f]
	- sum{k in KM[m]} ((ppm[k] + max(0, au_bound[m, t] - au_floor[m, t])) * na[k, t, f]
	                   + exit_rate * ppm[k] * sum{tau in TT: tau < t} na[k, tau, f])
	- sum{g in GM[m]} ((tr_au[g] + max(0, au_bound[m, t] - au_floor[m, t]))
	                     * sum{tau in TT: tau <= t} tr[g, tau, f]
	                   + exit_rate * tr_au[g] * sum{tau in TT: tau < t} sum{s in TT: s <= tau} tr[g, s, f])
	<= au_floor[m, t];

# Not part of MODEL.md either, and cutting off no integer plan: a site handed over stays closed
# (it never opens again, so from its transfer period on it is not open). Without it the relaxation
# keeps a site open as GU while handing part of it over.
s.t. transfer_closed{g in G, t in TT, f in FF}: o[g, t, f] + sum{tau in TT: tau <= t} tr[g, tau, f] <= 1;

# ---------------------------------------------------------------- 8. offers (own period: OHT)
s.t. offer_units{w in OE, f in FF}: ao[w, f] <= units[w];

# ---------------------------------------------------------------- 9. quota
s.t. quota{m in M, t in TT, f in FF}:
	sum{tau in TT: tau <= t} sum{h in H} size[h] * as[m, h, tau, f]
	+ sum{w in OM[m]: operiod[w] <= t} size[oclass[w]] * ao[w, f]
	+ under[m, t, f] - over[m, t, f] = q_f[m, t, f];

end;
